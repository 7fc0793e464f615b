package dev.chapter20.async;

import dev.chapter20.async.support.MemoryUse;
import dev.chapter20.async.support.Sleepers;
import dev.chapter20.common.Durations;
import java.io.PrintStream;
import java.util.Locale;

/**
 * 10,000 and 100,000 concurrent 100 ms pauses on virtual threads and as scheduled {@link
 * java.util.concurrent.CompletableFuture}s, beside 10,000 on platform threads: what section 20.4.1
 * would look like with many tasks instead of two, and what each costs.
 *
 * <p>Ideally every run takes 100 ms: all pauses wait at the same time, and what a run takes beyond
 * that is the cost of starting them. Platform threads stop at 10,000. Each is an OS thread, which
 * needs a memory mapping for its stack (Linux allows 65,530 per process by default, {@code
 * vm.max_map_count}) and a process id shared with every program on the machine ({@code
 * kernel.pid_max}, 32,768 on many machines): 100,000 would fail, and take ids other programs need
 * on the way.
 *
 * <p>Figures come from one run of a main, not a benchmark: good for orders of magnitude. Python's
 * figures for the same workload come from {@code benchmarks/compare.sh}, which runs both sides on
 * one machine; this main prints none it did not measure.
 *
 * <p><b>Threading:</b> see {@link Sleepers}; the runs follow one another.
 */
public final class ManySleepers {

  private static final String ROW = "%-28s %9s %9s %10s %12s %12s%n";

  private ManySleepers() {}

  /** Runs the five measurements and prints one line each. */
  public static void run(PrintStream out) throws InterruptedException {
    out.printf(
        Locale.ROOT, ROW, "100 ms pauses as", "count", "elapsed", "in flight", "heap", "RSS");
    print(out, Sleepers.onThreads("virtual threads", Thread.ofVirtual().factory(), 10_000));
    print(out, Sleepers.onThreads("virtual threads", Thread.ofVirtual().factory(), 100_000));
    print(out, Sleepers.scheduled(10_000));
    print(out, Sleepers.scheduled(100_000));
    Sleepers.Result platform =
        Sleepers.onThreads("platform threads", Thread.ofPlatform().factory(), 10_000);
    print(out, platform);
    out.println(
        "elapsed: first start to last end (ideal: 100 ms). in flight: most pauses at once.");
    out.println("heap, RSS: growth from just before the first start to when the last had started.");
    if (platform.started() > 0 && platform.peakInFlight() < platform.started()) {
      long perThread = (platform.nanos() - Sleepers.PAUSE.toNanos()) / platform.started();
      out.printf(
          Locale.ROOT,
          "A platform thread took about %s to start, so the first ended before the last began.%n",
          Durations.format(perThread));
    }
    out.println("Platform threads stop at 10,000: 100,000 OS threads pass Linux's limits.");
    out.println("asyncio's 100,000 sleeps, measured beside these on one machine by");
    out.println("benchmarks/compare.sh: see the root README, 'Measured, not asserted'.");
  }

  private static void print(PrintStream out, Sleepers.Result result) {
    MemoryUse growth = result.growth();
    out.printf(
        Locale.ROOT,
        ROW,
        result.kind(),
        String.format(Locale.ROOT, "%,d", result.started()),
        Durations.format(result.nanos()),
        String.format(Locale.ROOT, "%,d", result.peakInFlight()),
        MemoryUse.mib(growth.heapBytes()),
        growth.rssBytes().isPresent() ? MemoryUse.mib(growth.rssBytes().getAsLong()) : "n/a");
    result.failure().ifPresent(out::println);
  }

  public static void main(String[] args) throws InterruptedException {
    run(System.out);
  }
}
