package dev.chapter20.executors;

import dev.chapter20.common.Durations;
import dev.chapter20.executors.pool.ProcessPoolExecutor;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

/**
 * The same CPU-bound job, counting the primes below {@value #LIMIT}, done four ways: sequentially,
 * by a fixed thread pool, by a {@link ProcessPoolExecutor}, and by the common {@code ForkJoinPool}
 * through a parallel stream. Section 20.3's two pools, measured side by side.
 *
 * <p>In CPython only the process pool would beat the sequential run: the global interpreter lock
 * lets one thread compute at a time. On the JVM threads compute in parallel, so the thread pool
 * gains as much as the process pool, without starting JVMs or copying tasks and results through
 * pipes. Use processes on the JVM for isolation (a crash, a leak, native code, a separate heap),
 * not for parallelism.
 *
 * <p>Each way runs once to warm up and is then timed once: figures for comparing the rows, not for
 * decimals. Pools are created before the clock starts.
 *
 * <p><b>Threading:</b> the caller splits the range and submits one {@link CountPrimes} per chunk;
 * pool threads, worker JVMs or the common pool's threads count, each in its own chunk, sharing
 * nothing. Each count is published through its future (from a worker JVM, as the bytes of its
 * reply) and summed by the caller after {@code get}.
 */
public final class CpuBoundComparison {

  static final long LIMIT = 3_000_000;

  private CpuBoundComparison() {}

  /** Runs the four ways and prints each one's count, time and speed-up over sequential. */
  public static void run(PrintStream out) throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    List<Range> chunks = Range.split(2, LIMIT, 8 * cores);
    out.printf(
        Locale.ROOT, "primes below %,d on %d cores, JDK %s%n", LIMIT, cores, Runtime.version());

    long sequential = report(out, "sequential", 0, () -> Primes.countInRange(2, LIMIT));
    try (ExecutorService threads = Executors.newFixedThreadPool(cores)) {
      report(out, "thread pool (" + cores + " threads)", sequential, () -> sum(threads, chunks));
    }
    try (ProcessPoolExecutor processes =
        ProcessPoolExecutor.builder()
            .workers(cores)
            .allowPackages(CountPrimes.class.getPackageName())
            .output(out::println)
            .build()) {
      report(out, "process pool (" + cores + " JVMs)", sequential, () -> sum(processes, chunks));
    }
    report(
        out,
        "parallel stream (ForkJoinPool)",
        sequential,
        () -> LongStream.range(2, LIMIT).parallel().filter(Primes::isPrime).count());
  }

  /**
   * Submits one task per chunk and adds up the counts. Public for the benchmarks module, which
   * times it with each kind of pool.
   */
  public static long sum(ExecutorService pool, List<Range> chunks) throws Exception {
    List<Future<Long>> counts = new ArrayList<>();
    for (Range chunk : chunks) {
      counts.add(pool.submit(new CountPrimes(chunk)));
    }
    long total = 0;
    for (Future<Long> count : counts) {
      total += count.get();
    }
    return total;
  }

  /**
   * Warms up, times one run of {@code job}, prints a row (the way, the count, the time, the
   * speed-up against {@code sequentialNanos} unless that is 0); returns the time, for later rows'
   * speed-ups. The cluster module's comparison prints its rows with it too.
   */
  public static long report(PrintStream out, String way, long sequentialNanos, Callable<Long> job)
      throws Exception {
    job.call();
    long start = System.nanoTime();
    long count = job.call();
    long nanos = System.nanoTime() - start;
    String speedUp =
        sequentialNanos == 0
            ? ""
            : String.format(Locale.ROOT, "%.2fx", (double) sequentialNanos / nanos);
    out.printf(
        Locale.ROOT, "%-32s %,9d primes %10s %8s%n", way, count, Durations.format(nanos), speedUp);
    return nanos;
  }
}
