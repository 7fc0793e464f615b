package dev.chapter20.benchmarks.workloads;

import dev.chapter20.async.support.Sleepers;

/**
 * Section 20.4.1 scaled up, timed: {@code count} concurrent 100 ms pauses with the {@code async}
 * module's {@link Sleepers}, beside {@code chapter_workloads.py sleeps}, which gathers as many
 * {@code asyncio.sleep(0.1)} coroutines.
 *
 * <p>Two Java shapes: virtual threads that call {@code Thread.sleep} (blocking code that holds no
 * OS thread while it waits), and {@code CompletableFuture}s completed by a timer (closest to
 * asyncio's timer entries). Both sides time from the first pause started to the last one ended. The
 * peak resident set size is read by the comparison script from outside, the same way for both
 * sides, so run each shape in its own JVM.
 *
 * <p>{@link Sleepers} restarts Linux's peak-RSS count just before the first pause (to measure what
 * the pauses add), which also lowers the peak the kernel reports at exit to the highest value from
 * then on. The JVM's start-up, before that, needs less memory than the pauses, so the figure is
 * still the process's peak.
 *
 * <p><b>Threading:</b> see {@link Sleepers}.
 */
public final class SleepsWorkload {

  private SleepsWorkload() {}

  /** Runs {@code count} pauses on virtual threads. */
  public static JsonLine onVirtualThreads(int count) throws InterruptedException {
    return report(
        "sleeps-virtual",
        Sleepers.onThreads("virtual threads", Thread.ofVirtual().factory(), count));
  }

  /** Runs {@code count} pauses as scheduled {@code CompletableFuture}s. */
  public static JsonLine scheduled(int count) {
    return report("sleeps-scheduled", Sleepers.scheduled(count));
  }

  private static JsonLine report(String name, Sleepers.Result result) {
    if (result.failure().isPresent()) {
      throw new IllegalStateException(result.failure().get());
    }
    return JsonLine.of(name)
        .put("seconds", result.nanos() / 1e9)
        .put("count", result.started())
        .put("peak_in_flight", result.peakInFlight());
  }
}
