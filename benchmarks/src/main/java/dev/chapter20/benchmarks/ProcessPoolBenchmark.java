package dev.chapter20.benchmarks;

import dev.chapter20.executors.Identity;
import dev.chapter20.executors.pool.ProcessPoolExecutor;
import dev.chapter20.executors.pool.map.ChunkedMap;
import dev.chapter20.executors.pool.map.MapResults;
import dev.chapter20.executors.pool.map.SerializableFunction;
import java.util.List;
import java.util.concurrent.ExecutionException;
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
 * Section 20.3.2: the {@code executors} module's {@link ProcessPoolExecutor} on its own, with
 * {@value #WORKERS} worker JVMs: its {@code map}, with and without chunks, and how long a new pool
 * takes to answer: the same paths as the comparison's pool rows (see the root README), measured
 * with JMH's warm-up and repetition.
 *
 * <p>{@code map}: items per second through {@code pool.map(x -> x, items)} over {@value #ITEMS}
 * integers; higher is better. {@code chunkSize}: {@code 1}, a task per item (Python's default
 * {@code chunksize=1}), each paying a round trip and a serialized lambda; {@code auto}, the pool's
 * default of about four chunks per worker. The pool is started once per trial. {@code imap} and
 * {@code imapUnordered}: the same items and chunks, streamed ({@link MapResults}); the difference
 * from {@code map} is the cost of handing results out as they come.
 *
 * <p>{@code startToFirstAnswers}: milliseconds from starting a pool to an answer from each of its
 * workers ({@code invokeAll} of two {@link Identity} tasks); lower is better. Closing the pool is
 * not timed: it happens after each call, in a per-invocation tear-down, which JMH leaves out of the
 * measurement (its overhead is negligible against calls of this length).
 */
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ProcessPoolBenchmark {

  static final int WORKERS = 2; // the chapter's max_workers=2
  static final int ITEMS = 10_000;

  /**
   * The function {@code map} applies: a serializable lambda of this class, which the worker
   * rebuilds by loading this class; its package must therefore be allowed to travel.
   */
  private static final SerializableFunction<Integer, Integer> IDENTITY = x -> x;

  /** A pool started once per trial, and the items to map. */
  @State(Scope.Benchmark)
  public static class MappingPool {

    @Param({"1", "auto"})
    public String chunkSize;

    ProcessPoolExecutor pool;
    List<Integer> items;

    /**
     * Starts the pool and primes its workers with two unchunked maps, {@value
     * ProcessPoolBenchmark#ITEMS} tasks each: see {@link Pools#prime} for why.
     */
    @Setup(Level.Trial)
    public void startPool() throws InterruptedException, ExecutionException {
      pool =
          ProcessPoolExecutor.builder()
              .workers(WORKERS)
              .allowPackages(ProcessPoolBenchmark.class.getPackageName())
              .build();
      items = IntStream.range(0, ITEMS).boxed().toList();
      pool.map(IDENTITY, items, 1);
      pool.map(IDENTITY, items, 1);
    }

    /** {@code imap}'s chunk: the one {@code map} would choose for {@code chunkSize=auto}. */
    int streamChunk() {
      return chunkSize.equals("auto")
          ? ChunkedMap.defaultChunkSize(items.size(), WORKERS)
          : Integer.parseInt(chunkSize);
    }

    /** Closes the pool, which ends its worker JVMs. */
    @TearDown(Level.Trial)
    public void closePool() {
      pool.close();
    }
  }

  /** Maps the identity over the items in the worker JVMs; results in input order. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(ITEMS)
  public List<Integer> map(MappingPool state) throws InterruptedException, ExecutionException {
    return state.chunkSize.equals("auto")
        ? state.pool.map(IDENTITY, state.items)
        : state.pool.map(IDENTITY, state.items, Integer.parseInt(state.chunkSize));
  }

  /**
   * Streams the identity over the items with {@code imap}: results in input order, as they come,
   * with at most four chunks per worker in flight. The chunk is the one {@code map} chooses, so the
   * two differ only in how the results travel back.
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(ITEMS)
  public long imap(MappingPool state) {
    return drain(state.pool.imap(IDENTITY, state.items.iterator(), state.streamChunk()));
  }

  /** Like {@link #imap}, the results in the order their chunks end. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(ITEMS)
  public long imapUnordered(MappingPool state) {
    return drain(state.pool.imapUnordered(IDENTITY, state.items.iterator(), state.streamChunk()));
  }

  private static long drain(MapResults<Integer, Integer> results) {
    try (results) {
      long sum = 0;
      while (results.hasNext()) {
        sum += results.next();
      }
      return sum;
    }
  }

  /** The pool the last call started; closed after each call, outside the measured time. */
  @State(Scope.Thread)
  public static class NewPool {

    ProcessPoolExecutor pool;

    /** Closes the pool: an end marker to each worker, then waits for the worker JVMs to exit. */
    @TearDown(Level.Invocation)
    public void closePool() {
      if (pool != null) {
        pool.close();
        pool = null;
      }
    }
  }

  /** Starts a pool and waits for one answer from each worker. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public int startToFirstAnswers(NewPool state) throws InterruptedException, ExecutionException {
    state.pool =
        ProcessPoolExecutor.builder()
            .workers(WORKERS)
            .allowPackages(Identity.class.getPackageName())
            .build();
    int sum = 0;
    for (Future<Integer> answer : state.pool.invokeAll(List.of(new Identity(1), new Identity(2)))) {
      sum += answer.get();
    }
    return sum;
  }
}
