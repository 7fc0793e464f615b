package dev.chapter20.multiprocessing;

import static dev.chapter20.multiprocessing.SharedCounterFile.COUNTER;
import static dev.chapter20.multiprocessing.SharedCounterFile.LONGS;
import static dev.chapter20.multiprocessing.SharedCounterFile.NANOS;

import dev.chapter20.common.Durations;
import dev.chapter20.common.process.ChildRuntime;
import dev.chapter20.multiprocessing.SharedCounter.Mode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * One of {@link SharedCounter}'s two child JVMs: maps the parent's file, waits at its start gate,
 * then adds one to the counter in it {@code increments} times, in one of three ways.
 *
 * <pre>
 *   SharedCounterChild plain|atomic|file-lock &lt;file&gt; &lt;increments&gt;
 * </pre>
 *
 * <p>Started by hand, with no arguments or wrong ones, it prints one line saying what it is and
 * exits with code 2. It adds the time its loop took to the file, for the parent to compare.
 *
 * <p><b>Threading:</b> the main thread spins at the gate, then adds; {@link ChildRuntime#install()}
 * adds a daemon thread that watches the parent, and deletes the file if the parent is killed.
 */
public final class SharedCounterChild {

  /** The line that tells the parent this child has mapped the file and waits at the gate. */
  static final String AT_THE_GATE = "waiting at the gate";

  /** What it says when run by hand, or given wrong arguments: one line, then exit code 2. */
  static final String USAGE =
      "SharedCounterChild is a child JVM of the shared-counter example, which starts two, each with"
          + " arguments plain|atomic|file-lock <file> <increments>; run that:"
          + " ./mvnw -q -pl multiprocessing -am compile exec:exec -Dargs=shared-counter";

  private SharedCounterChild() {}

  public static void main(String[] args) {
    ChildRuntime.install();
    Optional<Mode> mode = args.length == 3 ? Mode.of(args[0]) : Optional.empty();
    int increments = mode.isPresent() ? positive(args[2]) : 0;
    if (increments == 0) {
      System.err.println(USAGE);
      System.exit(2);
      return;
    }

    Path path = Path.of(args[1]);
    try (SharedCounterFile file = SharedCounterFile.open(path)) {
      ChildRuntime.whenParentGone(() -> deleteQuietly(path)); // what the parent would have done
      System.out.println(AT_THE_GATE);
      file.awaitGate();
      long start = System.nanoTime();
      switch (mode.get()) {
        case PLAIN -> addPlainly(file.buffer(), increments);
        case ATOMIC -> addAtomically(file.buffer(), increments);
        case FILE_LOCK -> addUnderFileLock(file.channel(), file.buffer(), increments);
      }
      long nanos = System.nanoTime() - start;
      file.add(NANOS, nanos);
      System.out.printf(
          Locale.ROOT, "added one %,d times in %s%n", increments, Durations.format(nanos));
    } catch (IOException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(1);
    }
  }

  /**
   * <b>Broken:</b> reads the count, adds one and writes it back, as {@code value.value += 1} does
   * in Python. When both processes read the same count, both write count + 1: one increment lost.
   */
  static void addPlainly(ByteBuffer shared, int times) {
    for (int i = 0; i < times; i++) {
      shared.putLong(COUNTER, shared.getLong(COUNTER) + 1);
    }
  }

  /**
   * Adds one with a single atomic instruction ({@code lock xadd} on x86), which the CPU performs on
   * the shared physical memory whichever process issues it: nothing is lost, and nothing waits.
   */
  static void addAtomically(ByteBuffer shared, int times) {
    for (int i = 0; i < times; i++) {
      LONGS.getAndAdd(shared, COUNTER, 1L);
    }
  }

  /**
   * Reads, adds and writes as {@link #addPlainly} does, but holding an operating-system lock on the
   * counter's 8 bytes of the file, which the other process's {@code lock} waits for: Python's
   * {@code with value.get_lock():}. Two system calls per increment.
   */
  static void addUnderFileLock(FileChannel channel, ByteBuffer shared, int times)
      throws IOException {
    for (int i = 0; i < times; i++) {
      FileLock lock = channel.lock(COUNTER, Long.BYTES, false); // false: exclusive
      try {
        // No Java fence is needed: the JIT moves no memory access across the lock's native
        // calls, and the kernel's own locking orders the CPU's.
        shared.putLong(COUNTER, shared.getLong(COUNTER) + 1);
      } finally {
        lock.release();
      }
    }
  }

  /** Returns {@code text} as a number greater than zero, or zero if it is not one. */
  private static int positive(String text) {
    try {
      return Math.max(0, Integer.parseInt(text));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // gone already, or its folder is: nothing left to clean
    }
  }
}
