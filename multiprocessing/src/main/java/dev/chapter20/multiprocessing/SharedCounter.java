package dev.chapter20.multiprocessing;

import dev.chapter20.common.Durations;
import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import dev.chapter20.common.process.ChildJvm;
import dev.chapter20.common.process.JvmLauncher;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Two child JVMs add one to a counter in memory they share, a file each maps with {@code
 * FileChannel.map}: what Python's {@code multiprocessing.Value('i', 0)}, {@code Array} and {@code
 * shared_memory.SharedMemory} do, beyond section 20.2, which only passes messages (20.2+).
 *
 * <p>Python's {@code Value} is a number in shared memory with a lock beside it: {@code with
 * v.get_lock(): v.value += 1}; without the lock, updates are lost across processes as 20.1.2's were
 * across threads. Java has no shared-memory type: a file in a folder only this user may enter
 * ({@link SharedCounterFile}) is mapped by every JVM, whose pages the kernel shares. One race per
 * way of adding ({@link SharedCounterChild}): {@code plain} read-add-write, <b>broken</b>, loses
 * updates; {@code atomic}, a {@code getAndAdd} through {@link
 * java.lang.invoke.MethodHandles#byteBufferViewVarHandle}, loses none and needs no lock (Python has
 * no atomics); {@code file-lock} holds a {@link java.nio.channels.FileLock}, the JDK's only lock
 * across processes, and prints what it costs beside {@code atomic}.
 *
 * <p>On JDK 22+ (JEP 454) a reader would map a {@code MemorySegment} instead: {@code
 * channel.map(READ_WRITE, 0, 64, arena)} in an {@code Arena.ofShared()}, and {@code
 * ValueLayout.JAVA_LONG.varHandle().getAndAdd(segment, 8L, 1L)}. Closing the arena unmaps the file
 * at once, where a {@code MappedByteBuffer} stays mapped until it is garbage-collected. This build
 * is {@code release 21}, where that API is a preview, so it uses the {@code ByteBuffer} view.
 *
 * <p><b>Threading:</b> the calling thread starts both children and waits, on a latch the threads
 * relaying their output count down, until both are at the gate; then opens it with a release write
 * that the children's acquire reads see. The Java memory model speaks of threads in one JVM only;
 * across processes these access modes are the CPU's fences and atomic instructions on one memory.
 * The parent reads the count once both children have exited.
 *
 * @see java.nio.channels.FileChannel#map
 * @see java.lang.invoke.MethodHandles#byteBufferViewVarHandle
 */
public final class SharedCounter {

  /** How a child adds one to the shared counter; the name is its command-line argument. */
  public enum Mode {
    PLAIN("plain"),
    ATOMIC("atomic"),
    FILE_LOCK("file-lock");

    private final String argument;

    Mode(String argument) {
      this.argument = argument;
    }

    /** Returns the mode named {@code argument}, if there is one. */
    public static Optional<Mode> of(String argument) {
      return Arrays.stream(values()).filter(m -> m.argument.equals(argument)).findFirst();
    }

    @Override
    public String toString() {
      return argument;
    }
  }

  /** What one race produced: the increments made, the count they left, the children's time. */
  public record Result(Mode mode, long expected, long value, long nanos, Path file) {

    /** Returns how many increments were lost (zero for an atomic or locked add). */
    public long lost() {
      return expected - value;
    }

    /** Returns the mean time of one increment in a child's loop, contention included. */
    public double nanosPerIncrement() {
      return (double) nanos / expected;
    }
  }

  /** Each child's increments: the chapter's million, as in 20.1.2. */
  public static final int INCREMENTS = 1_000_000;

  /** Fewer under a file lock: two system calls per increment, often 100 times an atomic add. */
  public static final int LOCKED_INCREMENTS = 20_000;

  private static final int ATTEMPTS = 5;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private SharedCounter() {}

  /**
   * Runs the three races; the plain one up to five times, until it loses updates: whether two
   * processes collide depends on how the system schedules them.
   */
  public static void run(LineSink out) throws IOException, InterruptedException {
    out.println("each race maps a new 64-byte file in " + SharedCounterFile.folder());
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Result plain = race(out, Mode.PLAIN, INCREMENTS);
      report(out, "plain, attempt " + attempt, plain);
      if (plain.lost() > 0) {
        out.println("why: each child reads the count, adds one and writes it back; when both read");
        out.println("the same count, both write count + 1: 20.1.2's lost update, across processes");
        break;
      }
      if (attempt == ATTEMPTS) {
        out.println("no update lost in " + ATTEMPTS + " attempts: the race depends on timing");
      }
    }
    Result atomic = race(out, Mode.ATOMIC, INCREMENTS);
    report(out, "atomic", atomic);
    out.println(
        String.format(
            Locale.ROOT,
            "file-lock: %,d increments per child, not %,d: each takes two system calls",
            LOCKED_INCREMENTS,
            INCREMENTS));
    Result locked = race(out, Mode.FILE_LOCK, LOCKED_INCREMENTS);
    report(out, "file-lock", locked);
    out.println(
        String.format(
            Locale.ROOT,
            "an increment under the file lock took %.0fx as long as an atomic one (this run)",
            locked.nanosPerIncrement() / atomic.nanosPerIncrement()));
  }

  /**
   * Starts two children that each add one {@code increments} times in {@code mode} to a counter in
   * a new shared file, opens the gate when both are ready, and returns the count they left. The
   * file is deleted before this returns.
   */
  static Result race(LineSink out, Mode mode, int increments)
      throws IOException, InterruptedException {
    try (SharedCounterFile file = SharedCounterFile.create()) {
      CountDownLatch atTheGate = new CountDownLatch(2);
      LineSink relay =
          line -> {
            out.println(line);
            if (line.equals(SharedCounterChild.AT_THE_GATE)) {
              atTheGate.countDown();
            }
          };
      try (ChildJvm first = start(mode, 1, file.path(), increments);
          ChildJvm second = start(mode, 2, file.path(), increments)) {
        first.relayStdout(relay);
        second.relayStdout(relay);
        awaitBoth(atTheGate, first, second);
        out.println(mode + ": both children at the gate; opening it");
        file.openGate();
        first.waitForSuccess(TIMEOUT);
        second.waitForSuccess(TIMEOUT);
      }
      return new Result(
          mode,
          2L * increments,
          file.get(SharedCounterFile.COUNTER),
          file.get(SharedCounterFile.NANOS),
          file.path());
    }
  }

  private static ChildJvm start(Mode mode, int number, Path file, int increments)
      throws IOException {
    return JvmLauncher.forMain(SharedCounterChild.class)
        .name("child-" + number)
        .args(mode.toString(), file.toString(), String.valueOf(increments))
        .start();
  }

  /** Waits for the latch, failing at once, with the child's own last line, if one exits first. */
  private static void awaitBoth(CountDownLatch atTheGate, ChildJvm... children)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!atTheGate.await(20, TimeUnit.MILLISECONDS)) { // a bounded wait, not a sleep
      for (ChildJvm child : children) {
        if (!child.isAlive()) {
          child.waitForSuccess(TIMEOUT); // throws for a non-zero exit, naming the child
          throw new IOException(child + " exited before it reached the gate");
        }
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IOException(
            "the children did not reach the gate within " + TIMEOUT.toSeconds() + " s");
      }
    }
  }

  private static void report(LineSink out, String what, Result result) {
    out.println(
        String.format(
            Locale.ROOT,
            "%s: expected %,d, got %,d: %,d updates lost (%s per increment)",
            what,
            result.expected(),
            result.value(),
            result.lost(),
            Durations.format(Math.round(result.nanosPerIncrement()))));
  }

  public static void main(String[] args) throws Exception {
    run(new Timeline(System.out));
  }
}
