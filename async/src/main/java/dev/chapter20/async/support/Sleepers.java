package dev.chapter20.async.support;

import dev.chapter20.common.ExampleMenu;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many concurrent 100 ms pauses, as threads that sleep or as timers that complete futures, and what
 * they cost: the measurement the many-sleepers example prints.
 *
 * <p>asyncio keeps 100,000 {@code asyncio.sleep(0.1)} tasks on one thread because a suspended
 * coroutine is only a frame object and a timer entry. The JVM reaches the same in two ways: a
 * virtual thread that calls {@link Thread#sleep} (its stack moves to the heap while it waits), and
 * a {@link CompletableFuture} that a scheduler completes (no stack at all). A platform thread, an
 * OS thread with a native stack per pause, is the comparison.
 *
 * <p><b>Threading:</b> the calling thread starts every sleeper, then waits for all of them: the
 * executor's {@code close()}, or {@code allOf(...).join()}. The sleepers update the in-flight
 * counters themselves, atomically.
 *
 * @see Thread.Builder.OfVirtual
 * @see CompletableFuture#delayedExecutor(long, TimeUnit, Executor)
 */
public final class Sleepers {

  // Public, with onThreads, scheduled and Result, only so that the benchmarks module can time it;
  // the examples use it from this package.

  public static final Duration PAUSE = Duration.ofMillis(100);

  /**
   * What one run measured: how many sleepers started, the time from the first start to the last
   * end, the most in flight at once, the memory growth when the last one had started, and why not
   * all could start (empty when they all did).
   */
  public record Result(
      String kind,
      int started,
      long nanos,
      int peakInFlight,
      MemoryUse growth,
      Optional<String> failure) {}

  private Sleepers() {}

  /** What a sleeper does: {@link Thread#sleep} in the runs, a pause a test controls in tests. */
  @FunctionalInterface
  public interface Sleep {
    void sleep() throws InterruptedException;
  }

  /** Starts {@code count} threads from {@code factory}, each sleeping 100 ms, and waits for all. */
  public static Result onThreads(String kind, ThreadFactory factory, int count)
      throws InterruptedException {
    return onThreads(kind, factory, count, () -> Thread.sleep(PAUSE));
  }

  /** Starts {@code count} threads from {@code factory}, each pausing, and waits for all. */
  public static Result onThreads(String kind, ThreadFactory factory, int count, Sleep sleep)
      throws InterruptedException {
    InFlight inFlight = new InFlight(count);
    Runnable sleeper =
        () -> {
          inFlight.begin();
          try {
            sleep.sleep();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // told to stop early: end now
          } finally {
            inFlight.end();
          }
        };
    MemoryUse before = baseline();
    long start = System.nanoTime();
    int started = 0;
    Optional<String> failure = Optional.empty();
    MemoryUse growth;
    try (ExecutorService executor = Executors.newThreadPerTaskExecutor(factory)) {
      try {
        for (; started < count; started++) {
          executor.execute(sleeper);
        }
        inFlight.awaitAllBegun();
      } catch (OutOfMemoryError | RejectedExecutionException e) {
        // The OS refused another thread ("unable to create native thread"); the heap is fine, so
        // this one error is safe to recover from: stop the sleepers already started and report.
        failure =
            Optional.of(
                String.format(
                    Locale.ROOT,
                    "could not start more than %,d %s: %s",
                    started,
                    kind,
                    ExampleMenu.oneLine(e)));
        executor.shutdownNow();
      }
      growth = MemoryUse.now().minus(before);
    } // close() waits until every started sleeper has ended
    long nanos = System.nanoTime() - start;
    return new Result(kind, started, nanos, inFlight.peak(), growth, failure);
  }

  /** Schedules {@code count} futures, each completed 100 ms later by a timer, and waits for all. */
  public static Result scheduled(int count) {
    // The pool is named: before JDK 25, on two cores or fewer, the default starts a thread per
    // task.
    return scheduled(
        count,
        CompletableFuture.delayedExecutor(
            PAUSE.toMillis(), TimeUnit.MILLISECONDS, ForkJoinPool.commonPool()));
  }

  /** Schedules {@code count} futures that {@code afterPause} completes, and waits for all. */
  public static Result scheduled(int count, Executor afterPause) {
    InFlight inFlight = new InFlight(count);
    MemoryUse before = baseline();
    long start = System.nanoTime();
    CompletableFuture<?>[] pauses = new CompletableFuture<?>[count];
    for (int i = 0; i < count; i++) {
      inFlight.begin();
      pauses[i] = CompletableFuture.runAsync(inFlight::end, afterPause);
    }
    MemoryUse growth = MemoryUse.now().minus(before);
    CompletableFuture.allOf(pauses).join();
    long nanos = System.nanoTime() - start;
    String kind = "scheduled CompletableFutures";
    return new Result(kind, count, nanos, inFlight.peak(), growth, Optional.empty());
  }

  /** Collects the garbage of earlier runs, so this run neither counts it nor pauses to free it. */
  private static MemoryUse baseline() {
    System.gc();
    MemoryUse.resetPeak();
    return MemoryUse.now();
  }

  /** Counts the pauses under way and the most there were at once. Thread-safe: atomics. */
  private static final class InFlight {
    private final AtomicInteger now = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final CountDownLatch allBegun;

    InFlight(int count) {
      allBegun = new CountDownLatch(count);
    }

    void begin() {
      peak.accumulateAndGet(now.incrementAndGet(), Math::max);
      allBegun.countDown();
    }

    void end() {
      now.decrementAndGet();
    }

    void awaitAllBegun() throws InterruptedException {
      allBegun.await();
    }

    int peak() {
      return peak.get();
    }
  }
}
