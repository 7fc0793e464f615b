package dev.chapter20.benchmarks;

import dev.chapter20.async.support.Sleepers;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Section 20.4.1 scaled up: start {@code count} tasks that each pause 100 ms, and wait until all
 * have ended, as virtual threads that sleep, as {@code CompletableFuture}s completed by a timer,
 * and as platform threads; all through the {@code async} module's {@link Sleepers}. It backs the
 * async README's "many-sleepers" table: virtual threads and scheduled futures run 100,000 pauses in
 * a few hundred milliseconds (CPython's {@code asyncio.gather}: about 2.25 s), while 10,000
 * platform threads take seconds, because each costs an OS thread to start.
 *
 * <p>{@code count}: how many pauses at once, 10,000 or 100,000. Platform threads run at 10,000
 * only: 100,000 OS threads would pass this machine's limits ({@code kernel.pid_max} 32,768 ids for
 * all processes together, {@code vm.max_map_count} 65,530 mappings per process, one of each per
 * thread), fail with "unable to create native thread", and take the ids other programs need.
 *
 * <p>The score is milliseconds from the call to its return, for one start-and-join of them all;
 * lower is better, and 100 ms is the floor: the rest is the cost of starting {@code count} tasks.
 * It includes the {@code System.gc()} that {@code Sleepers} runs first, to measure memory from a
 * clean heap: 5-10 ms on a 2-core VM ({@code -jvmArgsAppend -Xlog:gc} shows it), which the figure
 * {@code ManySleepers} prints leaves out.
 *
 * <p>Why single shots: one call is the operation, {@code count} starts and joins that last 100 ms
 * at the least and 2 s with platform threads. A one-second {@code AverageTime} iteration would hold
 * anything from ten such calls to part of one, and overrun. A single shot is one call per iteration
 * (a batch of one), so every benchmark gets the same number of samples whatever a call takes, and
 * JMH's statistics come from the iterations.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(1)
public class SleepersBenchmark {

  static final int PLATFORM_THREADS = 10_000;

  /** How many pauses run at once. */
  @State(Scope.Benchmark)
  public static class Count {
    @Param({"10000", "100000"})
    public int count;
  }

  /** Starts {@code count} virtual threads that each sleep 100 ms, and waits for them all. */
  @Benchmark
  public Sleepers.Result virtualThreads(Count count) throws InterruptedException {
    return allStarted(
        Sleepers.onThreads("virtual threads", Thread.ofVirtual().factory(), count.count),
        count.count);
  }

  /**
   * Schedules {@code count} futures that a timer completes after 100 ms, and waits for them all.
   */
  @Benchmark
  public Sleepers.Result scheduledFutures(Count count) {
    return allStarted(Sleepers.scheduled(count.count), count.count);
  }

  /** Starts 10,000 platform threads that each sleep 100 ms, and waits for them all. */
  @Benchmark
  public Sleepers.Result platformThreads() throws InterruptedException {
    return allStarted(
        Sleepers.onThreads("platform threads", Thread.ofPlatform().factory(), PLATFORM_THREADS),
        PLATFORM_THREADS);
  }

  /** Fails the benchmark when not every pause could start, instead of timing fewer. */
  private static Sleepers.Result allStarted(Sleepers.Result result, int count) {
    if (result.failure().isPresent() || result.started() != count) {
      throw new IllegalStateException(
          result.kind() + ": " + result.failure().orElse(result.started() + " of " + count));
    }
    return result;
  }
}
