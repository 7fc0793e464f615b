package dev.chapter20.benchmarks;

import dev.chapter20.executors.Identity;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Section 20.3: what a pool adds to a task that does nothing ({@link Identity} returns its
 * argument), for a thread pool, a {@code ForkJoinPool} and the {@code executors} module's process
 * pool, each with {@value #WORKERS} workers. It backs the executors README's "submit(task).get()
 * round trip" row, whose figures beside Python's are in the root README.
 *
 * <p>{@code pool}: {@code threadPool}, {@code forkJoinPool} or {@code processPool}; see {@link
 * Pools}. Each is started and primed once per trial, outside the measurement, and closed after it.
 *
 * <p>{@code roundTrip}: microseconds per {@code submit(task).get()}, one task at a time; lower is
 * better. It is mostly the cost of waking threads that sleep, 10-20 us each on a 2-core VM: a
 * thread pool wakes its worker and then the caller; the process pool's worker and reply thread poll
 * their pipes briefly instead of sleeping, so its round trip is not slower, despite two pipe hops
 * and two serializations. {@code invokeAll}: tasks per second when {@value #TASKS} are handed over
 * at once (the JDK's {@code map}: results in input order, one task per item); higher is better.
 * Here the thread pools run many queued tasks per wake-up, while each of the process pool's still
 * travels through the pipes. {@link ProcessPoolBenchmark} measures the process pool's own {@code
 * map}, which puts many items in one task.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PoolTaskBenchmark {

  static final int WORKERS = 2; // the chapter's max_workers=2
  static final int TASKS = 1_000;

  @Param({Pools.THREAD_POOL, Pools.FORK_JOIN_POOL, Pools.PROCESS_POOL})
  public String pool;

  private ExecutorService executor;
  private List<Identity> tasks;
  private int next;

  /** Starts the pool and primes it (see {@link Pools#prime}). */
  @Setup(Level.Trial)
  public void startPool() throws InterruptedException, ExecutionException {
    executor = Pools.start(pool, WORKERS);
    Pools.prime(executor);
    tasks = IntStream.range(0, TASKS).mapToObj(Identity::new).toList();
  }

  /** Submits one task and waits for its result. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Integer roundTrip() throws InterruptedException, ExecutionException {
    return executor.submit(new Identity(next++)).get();
  }

  /** Hands over {@value #TASKS} tasks at once and adds up their results, in input order. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(TASKS)
  public long invokeAll() throws InterruptedException, ExecutionException {
    long sum = 0;
    for (Future<Integer> result : executor.invokeAll(tasks)) {
      sum += result.get();
    }
    return sum;
  }

  /** Closes the pool: waits for its threads, or ends its worker JVMs. */
  @TearDown(Level.Trial)
  public void closePool() {
    executor.close();
  }
}
