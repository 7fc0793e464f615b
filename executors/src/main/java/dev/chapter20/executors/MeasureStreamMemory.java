package dev.chapter20.executors;

import dev.chapter20.common.process.ChildJvm;
import dev.chapter20.common.process.JvmLauncher;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures what streaming saves (Python's {@code Pool.imap_unordered} against {@code
 * executor.map}): squaring 10,000,000 numbers in a process pool, by {@code map}, which holds every
 * item and every result at once, and by {@code imapUnordered}, which reads items only as room frees
 * up and hands each result out as it comes. Each runs in a JVM of its own ({@link
 * StreamMemoryProbe}), first with a 64 MiB heap, then with 1 GiB, and this main prints one line per
 * run: the time and the most heap in use, or that the heap ran out.
 *
 * <p>What Java does differently: nothing in the JDK streams a process pool's results; {@code
 * ExecutorService.invokeAll} is a {@code map}. This pool's {@code imap} is its own.
 *
 * <p>One run of each, wall-clock, with the machine printed: good for comparing the rows, not for
 * decimals. Every sum is checked, so a figure never comes from a wrong answer.
 *
 * <p><b>Threading:</b> the caller starts one child JVM at a time and waits for it; a daemon thread
 * per child relays its one line of output.
 */
public final class MeasureStreamMemory {

  static final int ITEMS = 10_000_000;
  private static final List<String> HEAPS = List.of("64m", "1g");
  private static final Duration RUN_LIMIT = Duration.ofSeconds(120);

  private MeasureStreamMemory() {}

  /** Runs the four measurements over {@value #ITEMS} items. */
  public static void run(PrintStream out) throws IOException, InterruptedException {
    run(out, ITEMS);
  }

  /** Runs the four measurements over {@code items} items, printing one line each. */
  static void run(PrintStream out, int items) throws IOException, InterruptedException {
    out.printf(
        Locale.ROOT,
        "squaring %,d numbers in a pool of 2 worker JVMs, chunks of 50,000; %d cores, JDK %s%n",
        items,
        Runtime.getRuntime().availableProcessors(),
        Runtime.version());
    long expectedSum = 0;
    for (long x = 0; x < items; x++) {
      expectedSum += x * x; // wraps past Long.MAX_VALUE, as the probe's sum does
    }
    for (String heap : HEAPS) {
      for (String mode : List.of("map", "imapUnordered")) {
        out.printf(
            Locale.ROOT,
            "heap %-4s %-14s %s%n",
            heap,
            mode,
            measure(mode, heap, items, expectedSum));
      }
    }
  }

  /** Runs the probe once and says what happened. */
  private static String measure(String mode, String heap, int items, long expectedSum)
      throws IOException, InterruptedException {
    try (ChildJvm probe =
        JvmLauncher.forMain(StreamMemoryProbe.class)
            .name("probe-" + mode)
            // at the first OutOfMemoryError in any thread, exit with code 3 rather than limp on
            .jvmOptions("-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError")
            .args(mode, Integer.toString(items))
            .start()) {
      List<String> printed = new ArrayList<>();
      probe.relayStdout(printed::add);
      int code = probe.waitFor(RUN_LIMIT);
      if (code == 3) {
        return "ran out of heap (OutOfMemoryError)";
      }
      String[] fields = printed.isEmpty() ? new String[0] : printed.getLast().split(" ");
      if (code != 0 || fields.length != 4) {
        return "failed (exit code " + code + "): " + probe.lastStderrLines(2);
      }
      if (Long.parseLong(fields[0]) != items || Long.parseLong(fields[1]) != expectedSum) {
        return "WRONG ANSWER: " + fields[0] + " results, sum " + fields[1];
      }
      return String.format(
          Locale.ROOT,
          "%,d results in %s s, at most %s MiB of heap in use",
          items,
          fields[2],
          fields[3]);
    }
  }
}
