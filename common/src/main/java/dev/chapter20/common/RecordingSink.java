package dev.chapter20.common;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link LineSink} that remembers every line and the thread that printed it, so a test can check
 * what a concurrent example printed, in which order, and from where.
 *
 * <p><b>Threading:</b> thread-safe: guarded by {@code this}. The order of {@link #lines()} is the
 * order in which the calls to {@link #println} took the lock.
 */
public final class RecordingSink implements LineSink {

  /** One recorded line and the name of the thread that printed it. */
  public record Line(String thread, String text) {}

  private final List<Line> lines = new ArrayList<>();

  @Override
  public synchronized void println(String line) {
    lines.add(new Line(Timeline.threadLabel(Thread.currentThread()), line));
  }

  /** Returns a copy of every line recorded so far, in arrival order. */
  public synchronized List<Line> lines() {
    return List.copyOf(lines);
  }

  /** Returns the text of every line recorded so far, in arrival order. */
  public List<String> texts() {
    return lines().stream().map(Line::text).toList();
  }

  /** Returns the text of the lines the named thread printed, in the order it printed them. */
  public List<String> textsFrom(String threadName) {
    return lines().stream().filter(l -> l.thread().equals(threadName)).map(Line::text).toList();
  }

  /** Returns the subsequence of the recorded texts that are in {@code wanted}, in arrival order. */
  public List<String> textsAmong(List<String> wanted) {
    return texts().stream().filter(wanted::contains).toList();
  }
}
