package dev.chapter20.benchmarks;

import dev.chapter20.executors.CpuBoundComparison;
import dev.chapter20.executors.Primes;
import dev.chapter20.executors.Range;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Section 20.3: CPU-bound work, counting primes by trial division ({@link Primes}), done
 * sequentially and split over 1, 2 and N workers of a thread pool, a {@code ForkJoinPool} and the
 * process pool. It backs the claim of the root README and the executors README that on the JVM a
 * thread pool speeds up CPU-bound work as much as a process pool does (there: 1.90x with threads,
 * 1.80x with processes and 1.82x with a parallel stream, on 2 cores), where CPython's threads would
 * stay near 1x. Here the {@code ForkJoinPool} runs the same chunk tasks as the other two pools.
 *
 * <p>{@code limit}: count the primes below it (3,000,000: 216,816 primes, a few hundred ms on one
 * core). {@code pool}: see {@link Pools}. {@code workers}: threads or worker JVMs; {@code N} is one
 * per core, the same as {@code 2} on a 2-core machine. The range is split into {@value
 * #CHUNKS_PER_CORE} chunks per core and summed by {@link CpuBoundComparison#sum}, exactly as the
 * README's comparison does; each pool is started once per trial.
 *
 * <p>The score is milliseconds per count; lower is better. Divide {@code sequential} by a row to
 * get its speed-up: about n for n workers up to the core count, for every kind of pool. More
 * workers than cores gain nothing, and the process pool's workers start with a cold JIT, which the
 * warm-up iterations pay for.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CpuBoundBenchmark {

  /** More chunks than workers, so that a worker that drew cheap chunks takes another. */
  static final int CHUNKS_PER_CORE = 8;

  /** The work: how far to count. */
  @State(Scope.Benchmark)
  public static class Job {
    @Param("3000000")
    public long limit;
  }

  /** A pool of one kind and size, started once per trial. */
  @State(Scope.Benchmark)
  public static class Pool {

    @Param({Pools.THREAD_POOL, Pools.FORK_JOIN_POOL, Pools.PROCESS_POOL})
    public String pool;

    @Param({"1", "2", "N"})
    public String workers;

    ExecutorService executor;

    @Setup(Level.Trial)
    public void startPool() {
      executor = Pools.start(pool, Pools.workers(workers));
    }

    /** Closes the pool: waits for its threads, or ends its worker JVMs. */
    @TearDown(Level.Trial)
    public void closePool() {
      executor.close();
    }
  }

  /** Counts on this thread alone: the baseline every speed-up is measured against. */
  @Benchmark
  public long sequential(Job job) {
    return Primes.countInRange(2, job.limit);
  }

  /** Counts in the pool, one task per chunk, and adds up the counts. */
  @Benchmark
  public long pooled(Job job, Pool pool) throws Exception {
    int chunks = CHUNKS_PER_CORE * Runtime.getRuntime().availableProcessors();
    return CpuBoundComparison.sum(pool.executor, Range.split(2, job.limit, chunks));
  }
}
