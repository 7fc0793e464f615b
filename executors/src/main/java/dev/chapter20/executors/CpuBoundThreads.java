package dev.chapter20.executors;

import dev.chapter20.common.Durations;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

/**
 * CPU-bound work in a thread pool gets faster with every core: on the JVM there is no global
 * interpreter lock, so a pool of n threads computes on n cores at once.
 *
 * <p>Section 20.3 offers {@code ProcessPoolExecutor} for CPU-bound work because CPython's threads
 * take turns holding the global interpreter lock, on whatever cores they run: its {@code
 * ThreadPoolExecutor} speeds up waiting, not computing. Java's thread pool speeds up both. This
 * example counts the primes below {@link #LIMIT} sequentially, with fixed pools of 1, 2 and all
 * cores, and with a parallel stream, which splits the range on the {@link
 * java.util.concurrent.ForkJoinPool#commonPool() common pool}. Expect about 1x for one thread and
 * close to n x for n threads up to the core count; threads under a GIL would stay near 1x.
 *
 * <p><b>Threading:</b> the caller splits the range into chunks and submits one task per chunk; pool
 * threads count, each in its own chunk, sharing nothing. Each count is published through its future
 * and summed by the caller after {@code get}.
 *
 * @see ExecutorService
 * @see java.util.stream.BaseStream#parallel()
 */
public final class CpuBoundThreads {

  /** Count the primes below this: 216,816 of them, a few hundred ms sequential on one core. */
  static final long LIMIT = 3_000_000;

  /** More chunks than threads, so that a thread done with cheap chunks takes the next one. */
  static final int CHUNKS_PER_THREAD = 4;

  /** Each way is timed this many times and its best time printed: other load only slows. */
  static final int ROUNDS = 2;

  /** One way to count the primes in {@code [from, to)}. */
  @FunctionalInterface
  private interface Counting {
    long count(long from, long to) throws InterruptedException, ExecutionException;
  }

  private CpuBoundThreads() {}

  /** Times every way of counting and prints each one's count, best time and speed-up. */
  public static void run(PrintStream out) throws InterruptedException, ExecutionException {
    int cores = Runtime.getRuntime().availableProcessors();
    Map<String, Counting> ways = new LinkedHashMap<>();
    ways.put("sequential", Primes::countInRange);
    for (int threads : new TreeSet<>(List.of(1, 2, cores))) {
      String name = "fixed pool, " + threads + (threads == 1 ? " thread" : " threads");
      ways.put(name, (from, to) -> countWithPool(threads, from, to));
    }
    ways.put("parallel stream", CpuBoundThreads::countWithParallelStream);

    out.printf(Locale.ROOT, "primes below %,d by trial division, %d cores%n", LIMIT, cores);
    out.printf(Locale.ROOT, "%-24s %9s %10s %9s%n", "way", "primes", "best time", "speed-up");
    long sequential = 0;
    for (Map.Entry<String, Counting> way : ways.entrySet()) {
      way.getValue().count(2, LIMIT / 8); // warm-up: the JIT compiles this path before timing
      long primes = 0;
      long best = Long.MAX_VALUE;
      for (int round = 0; round < ROUNDS; round++) {
        long start = System.nanoTime();
        primes = way.getValue().count(2, LIMIT);
        best = Math.min(best, System.nanoTime() - start);
      }
      sequential = sequential == 0 ? best : sequential; // the first way is the baseline
      out.printf(
          Locale.ROOT,
          "%-24s %,9d %10s %8.2fx%n",
          way.getKey(),
          primes,
          Durations.format(best),
          (double) sequential / best);
    }
    out.println(
        "(best of " + ROUNDS + " runs each; no speed-up means other programs had the cores)");
    out.println("Every core computes at once: n threads are up to n times faster. Python threads");
    out.println("would stay near 1x (the GIL), which is why the chapter's 20.3.2 uses processes.");
  }

  /** Counts the primes in {@code [from, to)} with a fixed pool of {@code threads}. */
  static long countWithPool(int threads, long from, long to)
      throws InterruptedException, ExecutionException {
    try (ExecutorService pool = newPool(threads)) {
      List<Future<Long>> counts = new ArrayList<>();
      for (Range chunk : Range.split(from, to, threads * CHUNKS_PER_THREAD)) {
        counts.add(pool.submit(() -> Primes.countIn(chunk)));
      }
      long total = 0;
      for (Future<Long> count : counts) {
        total += count.get();
      }
      return total;
    }
  }

  /** Counts the primes in {@code [from, to)} with a parallel stream on the common pool. */
  static long countWithParallelStream(long from, long to) {
    return LongStream.range(from, to).parallel().filter(Primes::isPrime).count();
  }

  /** Returns a fixed pool of {@code threads} threads named {@code prime-1}, {@code prime-2}, ... */
  static ExecutorService newPool(int threads) {
    return Executors.newFixedThreadPool(threads, Thread.ofPlatform().name("prime-", 1).factory());
  }

  public static void main(String[] args) throws InterruptedException, ExecutionException {
    run(System.out);
  }
}
