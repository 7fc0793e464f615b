package dev.chapter20.benchmarks;

import dev.chapter20.executors.Identity;
import dev.chapter20.executors.pool.ProcessPoolExecutor;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;

/**
 * The three kinds of pool section 20.3 sets side by side, started by the name a benchmark's
 * {@code @Param} gives: {@code threadPool} (a fixed pool of platform threads, Python's {@code
 * ThreadPoolExecutor}), {@code forkJoinPool} (a {@link ForkJoinPool} of its own, the pool behind
 * parallel streams) and {@code processPool} (the {@code executors} module's {@link
 * ProcessPoolExecutor}, one worker JVM per worker).
 *
 * <p>All three are {@link ExecutorService}s, so a benchmark submits to them in the same words and
 * only the pool changes. Close what {@link #start} returns: for the process pool that ends its
 * worker JVMs.
 */
final class Pools {

  // The values of a benchmark's pool parameter.
  static final String THREAD_POOL = "threadPool";
  static final String FORK_JOIN_POOL = "forkJoinPool";
  static final String PROCESS_POOL = "processPool";

  /** As many as {@code MeasureProcessPool} runs before it times anything. */
  static final int PRIMING_TASKS = 20_000;

  private Pools() {}

  /** Starts a pool of {@code kind} with {@code workers} threads or worker JVMs. */
  static ExecutorService start(String kind, int workers) {
    return switch (kind) {
      case THREAD_POOL ->
          Executors.newFixedThreadPool(workers, Thread.ofPlatform().name("pool-", 1).factory());
      case FORK_JOIN_POOL -> new ForkJoinPool(workers);
      case PROCESS_POOL ->
          ProcessPoolExecutor.builder()
              .workers(workers)
              .allowPackages(Identity.class.getPackageName())
              .build();
      default -> throw new IllegalArgumentException("unknown pool " + kind);
    };
  }

  /**
   * Runs {@value #PRIMING_TASKS} round trips of a task that does nothing, untimed. A worker JVM
   * compiles its side of the pool only from its own traffic, and a second of warm-up (the quick
   * mode's) is far too little for that: round trips through the process pool took 200 us then,
   * against 20 us once compiled. Harmless for the pools of threads.
   */
  static void prime(ExecutorService pool) throws InterruptedException, ExecutionException {
    for (int i = 0; i < PRIMING_TASKS; i++) {
      pool.submit(new Identity(i)).get();
    }
  }

  /**
   * Parses a {@code workers} parameter: a number, or {@code N} for one per core ({@link
   * Runtime#availableProcessors()}).
   */
  static int workers(String workers) {
    return workers.equals("N")
        ? Runtime.getRuntime().availableProcessors()
        : Integer.parseInt(workers);
  }
}
