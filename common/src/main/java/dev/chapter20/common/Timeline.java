package dev.chapter20.common;

import java.io.PrintStream;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link LineSink} that prefixes each line with the milliseconds since the timeline started and
 * the name of the thread that printed it, so the output of a concurrent demo shows what overlapped.
 *
 * <pre>
 *     3 ms  numbers          0
 *     3 ms  letters          a
 * </pre>
 *
 * <p><b>Threading:</b> thread-safe. The time is read and the line written under one lock, so lines
 * never tear and their times never go backwards. Every demo that prints takes this lock, briefly;
 * it is a {@link ReentrantLock}, not {@code synchronized}, because on JDK 21 to 23 a virtual thread
 * that blocks inside {@code synchronized} pins its carrier thread (JEP 491 lifted that in JDK 24).
 */
public final class Timeline implements LineSink {

  private final PrintStream out;
  private final long startNanos;
  private final ReentrantLock lock = new ReentrantLock();

  /** Starts a timeline at zero that writes to {@code out}. */
  public Timeline(PrintStream out) {
    this.out = out;
    // The first String.format loads the formatter (about 20 ms); pay that before time zero, not
    // in the middle of the first thread's output.
    String.format("%5d %-16s %s", 0L, "", "");
    this.startNanos = System.nanoTime();
  }

  /** Prints the line with its time and thread; lines appear in the order of their times. */
  @Override
  public void println(String line) {
    String thread = threadLabel(Thread.currentThread());
    lock.lock();
    try {
      long millis = (System.nanoTime() - startNanos) / 1_000_000;
      out.println(String.format("%5d ms  %-16s %s", millis, thread, line));
    } finally {
      lock.unlock();
    }
  }

  /** Returns the thread's name, or {@code virtual#<id>} for the unnamed virtual threads. */
  static String threadLabel(Thread thread) {
    if (!thread.getName().isEmpty()) {
      return thread.getName();
    }
    return (thread.isVirtual() ? "virtual#" : "thread#") + thread.threadId();
  }
}
