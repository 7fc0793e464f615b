package dev.chapter20.multiprocessing;

import dev.chapter20.common.Durations;
import dev.chapter20.common.process.ChildJvm;
import dev.chapter20.common.process.FrameReader;
import dev.chapter20.common.process.FrameWriter;
import dev.chapter20.common.process.JvmLauncher;
import dev.chapter20.common.process.SpinWaitInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Measures what a child JVM costs and what a pipe carries (section 20.2): start-up against a bare
 * {@code java} hello world, messages per second for small messages, bytes per second for large
 * ones, and the round trip of one request.
 *
 * <p>Wall-clock figures from one run of a main, printed with the machine's core count and JDK; good
 * for comparing the rows with each other, not for decimals. The {@code benchmarks} module measures
 * the same with JMH, and sets Python's queue beside this pipe in one run of its own; this main
 * prints no figure it did not measure.
 *
 * <p><b>Threading:</b> the calling thread starts each child JVM and reads its standard output;
 * {@link ChildJvm} drains its standard error on a daemon thread. The measurements run one after
 * another.
 */
public final class MeasurePipes {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private MeasurePipes() {}

  /** Runs every measurement and prints one line each. */
  public static void run(PrintStream out) throws Exception {
    out.printf(
        Locale.ROOT,
        "machine: %d cores, JDK %s%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.version());
    measureStartUp(out);
    measureMessageRate(out, 2_000_000);
    for (int size : new int[] {64 << 10, 256 << 10, 1 << 20}) {
      measureByteRate(out, (256 << 20) / size, size);
    }
    measureRoundTrip(out, 20_000);
    out.println("Python's queue between two processes, measured beside Java's on one machine by");
    out.println("benchmarks/compare.sh: see the root README, 'Measured, not asserted'.");
  }

  /**
   * Starts a bare hello world and the same class through the launcher, in turns; prints medians.
   */
  static void measureStartUp(PrintStream out) throws Exception {
    int runs = 11;
    long[] bare = new long[runs];
    long[] launched = new long[runs];
    for (int i = -2; i < runs; i++) { // two warm-up rounds, the first of which writes the archive
      long bareNanos = time(MeasurePipes::startBareHello);
      long launchedNanos = time(MeasurePipes::startLaunchedHello);
      if (i >= 0) {
        bare[i] = bareNanos;
        launched[i] = launchedNanos;
      }
    }
    long bareMedian = median(bare);
    long launchedMedian = median(launched);
    out.printf(
        Locale.ROOT,
        "child JVM start-up: bare java %s, JvmLauncher %s (%.2fx the bare start)%n",
        Durations.format(bareMedian),
        Durations.format(launchedMedian),
        (double) launchedMedian / bareMedian);
  }

  /** Receives {@code count} small messages from a producer child; prints messages per second. */
  static void measureMessageRate(PrintStream out, int count) throws Exception {
    Rate rate = receiveFrom(JvmLauncher.forMain(Producer.class).args(String.valueOf(count), "x"));
    out.printf(
        Locale.ROOT,
        "small messages: %,d in %s = %s%n",
        rate.messages(),
        Durations.format(rate.nanos()),
        Durations.rate(rate.messages(), rate.nanos()));
  }

  /** Receives {@code count} messages of {@code size} bytes; prints bytes per second. */
  static void measureByteRate(PrintStream out, int count, int size) throws Exception {
    Rate rate =
        receiveFrom(
            JvmLauncher.forMain(Producer.class)
                .args(String.valueOf(count), "x", "--repeat", String.valueOf(size)));
    out.printf(
        Locale.ROOT,
        "%,d KiB messages: %,d MiB in %s = %.2f GB/s%n",
        size >> 10,
        rate.bytes() >> 20,
        Durations.format(rate.nanos()),
        rate.bytes() / (double) rate.nanos());
  }

  /**
   * Sends {@code count} requests one at a time to an {@link UppercaseService}, first with both
   * sides blocking in {@code read}, then with both spinning briefly first; prints each's cost.
   */
  static void measureRoundTrip(PrintStream out, int count) throws Exception {
    long blocking = roundTrip(count, false);
    long spinning = roundTrip(count, true);
    out.printf(
        Locale.ROOT,
        "request/reply round trip: %s blocking in read, %s spinning first (mean of %,d)%n",
        Durations.format(blocking),
        Durations.format(spinning),
        count);
  }

  private static long roundTrip(int count, boolean spin) throws Exception {
    JvmLauncher launcher = JvmLauncher.forMain(UppercaseService.class).longRunning();
    try (ChildJvm service = spin ? launcher.args("--spin").start() : launcher.start()) {
      FrameWriter requests = new FrameWriter(service.stdin());
      FrameReader replies =
          new FrameReader(
              spin
                  ? new SpinWaitInputStream(service.stdout(), UppercaseService.SPIN)
                  : service.stdout());
      long nanos = 0;
      for (int i = -count; i < count; i++) { // the first half warms up both JVMs
        long start = System.nanoTime();
        requests.write("ping");
        requests.flush();
        replies.read();
        if (i >= 0) {
          nanos += System.nanoTime() - start;
        }
      }
      requests.writeEnd();
      replies.read();
      service.waitForSuccess(TIMEOUT);
      return nanos / count;
    }
  }

  /** What one stream measured, from the first message on: messages, bytes and time after it. */
  public record Rate(long messages, long bytes, long nanos) {}

  /**
   * Reads a producer's frames in this JVM, timing from the first message to the end marker, so that
   * the child's start-up is not counted. Public for the benchmarks' comparison with Python.
   */
  public static Rate receiveFrom(JvmLauncher producer) throws IOException, InterruptedException {
    try (ChildJvm child = producer.longRunning().start()) {
      FrameReader frames = new FrameReader(child.stdout());
      frames.read(); // the clock starts when the first message has arrived
      long start = System.nanoTime();
      long bytes = 0;
      for (byte[] message = frames.read(); message != null; message = frames.read()) {
        bytes += message.length;
      }
      long nanos = System.nanoTime() - start;
      child.waitForSuccess(TIMEOUT);
      return new Rate(Math.max(0, frames.count() - 1), bytes, nanos);
    }
  }

  private interface Action {
    void run() throws Exception;
  }

  private static long time(Action action) throws Exception {
    long start = System.nanoTime();
    action.run();
    return System.nanoTime() - start;
  }

  private static void startBareHello()
      throws IOException, InterruptedException, URISyntaxException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classes =
        Path.of(BareHello.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString();
    Process process = new ProcessBuilder(java, "-cp", classes, BareHello.class.getName()).start();
    try (InputStream stdout = process.getInputStream()) {
      stdout.readAllBytes();
    }
    process.waitFor();
  }

  private static void startLaunchedHello() throws Exception {
    try (ChildJvm child = JvmLauncher.forMain(HelloChild.class).start()) {
      child.stdout().readAllBytes();
      child.waitForSuccess(TIMEOUT);
    }
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
