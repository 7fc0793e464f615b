package dev.chapter20.async;

import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * <b>Broken, then fixed:</b> stages that block fill the common {@link ForkJoinPool}, and a quick
 * stage behind them waits for a thread. The trap of section 20.4 that the chapter never names:
 * asyncio's {@code time.sleep} in an {@code async def}, in {@code CompletableFuture} form.
 *
 * <p>The common pool has as many threads as cores minus one (one on a 2-core machine) and makes no
 * more for a stage that blocks in {@code sleep}, a latch or a socket read. Here each blocking stage
 * waits for a signal that a quick stage sends; with every pool thread blocked, the quick stage
 * cannot run, and the blocking stages give up only when their 100 ms bound runs out: a deadlock
 * with a time limit. Had they slept or read a socket instead, the quick stage would simply have
 * waited for as long. The fix is to run blocking work on an executor of its own; a virtual thread
 * per task costs no more than the stage did. Keep the common pool for work that only computes.
 *
 * <p><b>Threading:</b> the blocking stages run on the common pool (broken) or on virtual threads
 * (fixed); the quick stage runs on the common pool both times. The calling thread waits in {@code
 * join()}. The latch's {@code countDown()} happens-before a blocking stage's {@code await} returns.
 *
 * @see ForkJoinPool#commonPool()
 * @see Executors#newVirtualThreadPerTaskExecutor()
 */
public final class BlockingInCommonPool {

  private BlockingInCommonPool() {}

  /** How long a blocking stage waits for the quick one: the bound that makes the demo end. */
  static final Duration BOUND = Duration.ofMillis(100);

  /** Runs the trap, then the fix; returns how many blocking stages gave up in each. */
  public static int[] run(LineSink out) throws InterruptedException {
    ForkJoinPool common = ForkJoinPool.commonPool();
    int threads = common.getParallelism();
    out.println("common pool: " + threads + " thread(s) for all of this JVM");
    // common::execute, not common itself: JDK 21-24 swap a common pool of parallelism 1 (2 cores)
    // for a thread per task when it is named as a stage's executor, which would hide the trap.
    int trapped = blockThenQuick(out, common::execute, common, threads, BOUND);
    out.println("blocking on the common pool: " + trapped + " of " + threads + " gave up");
    try (ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
      int fixed = blockThenQuick(out, virtual, common, threads, BOUND);
      out.println("blocking on virtual threads: " + fixed + " of " + threads + " gave up");
      return new int[] {trapped, fixed};
    }
  }

  /**
   * Starts {@code blockers} stages on {@code blocking}, each waiting at most {@code bound} for a
   * quick stage on {@code pool}, then that quick stage; returns how many blocking stages gave up.
   */
  static int blockThenQuick(
      LineSink out, Executor blocking, ForkJoinPool pool, int blockers, Duration bound)
      throws InterruptedException {
    CountDownLatch started = new CountDownLatch(blockers);
    CountDownLatch quickRan = new CountDownLatch(1);
    AtomicInteger gaveUp = new AtomicInteger();
    CompletableFuture<?>[] stages = new CompletableFuture<?>[blockers + 1];
    for (int i = 0; i < blockers; i++) {
      stages[i] =
          CompletableFuture.runAsync(
              () -> {
                started.countDown();
                if (!awaitQuietly(quickRan, bound)) { // a blocking call: a read, a lock, a sleep
                  gaveUp.incrementAndGet();
                  out.println(
                      "gave up after " + bound.toMillis() + " ms: the quick stage is stuck");
                }
              },
              blocking);
    }
    if (!started.await(10, TimeUnit.SECONDS)) { // seconds: a start is not what is measured here
      throw new IllegalStateException("not every blocking stage started within 10 s");
    }
    // every blocker holds its thread now
    stages[blockers] =
        CompletableFuture.runAsync(
            () -> {
              out.println("quick stage runs");
              quickRan.countDown();
            },
            pool::execute);
    CompletableFuture.allOf(stages).join();
    return gaveUp.get();
  }

  /** Waits for the latch at most {@code bound}; returns false when the time ran out. */
  private static boolean awaitQuietly(CountDownLatch latch, Duration bound) {
    try {
      return latch.await(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public static void main(String[] args) throws InterruptedException {
    run(new Timeline(System.out));
  }
}
