package dev.chapter20.benchmarks;

import dev.chapter20.executors.Identity;
import dev.chapter20.executors.Spin;
import dev.chapter20.executors.pool.ProcessPoolBuilder;
import dev.chapter20.executors.pool.ProcessPoolExecutor;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * Section 20.3, past Python: what the process pool's controls over a task cost. It backs the
 * executors README's "Stop, time out, recycle, stream".
 *
 * <p>{@code roundTrip}: microseconds per {@code submit(task).get()} of an {@link Identity} on
 * {@value #WORKERS} primed workers; lower is better. {@code timeout}: {@code none}, or {@code 60s}
 * through {@code submit(task, Duration)}, which arms a deadline on the pool's timer when the task
 * goes to its worker and disarms it when the answer comes. The difference is the deadline's cost.
 *
 * <p>{@code recycledRoundTrip}: the same round trip, with each worker replaced after {@code
 * maxTasksPerWorker} tasks ({@code never}: not replaced). A replacement is a new JVM, started while
 * the other worker answers; the score shares its start among the n tasks. Not primed, since a
 * replaced worker starts cold anyway: {@code never} here is a pool of cold workers, slower than
 * {@code roundTrip}'s.
 *
 * <p>{@code cancelRunning}: milliseconds from handing a never-ending {@link Spin} to the only
 * worker, through {@code cancel(true)} (which kills that worker), to an answer from its
 * replacement. {@code timeOutRunning}: the same, the task stopped by a 1 ms timeout instead. Both
 * are the time a stopped task keeps its worker from the next task; the issue asks for under a
 * second on 2 cores.
 */
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TaskControlBenchmark {

  static final int WORKERS = 2; // the chapter's max_workers=2
  static final Duration LONG_TIMEOUT = Duration.ofSeconds(60);
  static final Duration SHORT_TIMEOUT = Duration.ofMillis(1);

  /** A primed pool, the same for both values of {@code timeout}. */
  @State(Scope.Benchmark)
  public static class PrimedPool {

    @Param({"none", "60s"})
    public String timeout;

    ProcessPoolExecutor pool;
    int next;

    @Setup(Level.Trial)
    public void startPool() throws InterruptedException, ExecutionException {
      pool = builder().workers(WORKERS).build();
      Pools.prime(pool);
    }

    @TearDown(Level.Trial)
    public void closePool() {
      pool.close();
    }
  }

  /** Submits one task, with a deadline or without, and waits for its result. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Integer roundTrip(PrimedPool state) throws InterruptedException, ExecutionException {
    Identity task = new Identity(state.next++);
    CompletableFuture<Integer> answer =
        state.timeout.equals("none")
            ? state.pool.submit(task)
            : state.pool.submit(task, LONG_TIMEOUT);
    return answer.get();
  }

  /** A pool whose workers are replaced after {@code maxTasksPerWorker} tasks. */
  @State(Scope.Benchmark)
  public static class RecyclingPool {

    @Param({"1", "10", "1000", "never"})
    public String maxTasksPerWorker;

    ProcessPoolExecutor pool;
    int next;

    @Setup(Level.Trial)
    public void startPool() {
      ProcessPoolBuilder builder = builder().workers(WORKERS);
      if (!maxTasksPerWorker.equals("never")) {
        builder.maxTasksPerWorker(Integer.parseInt(maxTasksPerWorker));
      }
      pool = builder.build();
    }

    @TearDown(Level.Trial)
    public void closePool() {
      pool.close();
    }
  }

  /** Submits one task to a pool that recycles its workers, and waits for its result. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Integer recycledRoundTrip(RecyclingPool state)
      throws InterruptedException, ExecutionException {
    return state.pool.submit(new Identity(state.next++)).get();
  }

  /** A pool of one worker, which each call below kills and replaces. */
  @State(Scope.Benchmark)
  public static class OneWorker {

    ProcessPoolExecutor pool;

    @Setup(Level.Trial)
    public void startPool() throws InterruptedException, ExecutionException {
      pool = builder().workers(1).build();
      pool.submit(new Identity(0)).get();
    }

    @TearDown(Level.Trial)
    public void closePool() {
      pool.close();
    }
  }

  /** Cancels a task its worker runs, then waits for the replacement's answer. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Integer cancelRunning(OneWorker state) throws InterruptedException, ExecutionException {
    // The worker was idle again before the last answer completed its future, so submit hands the
    // task to it at once, and cancel(true) finds it running there.
    state.pool.submit(new Spin()).cancel(true);
    return state.pool.submit(new Identity(1)).get();
  }

  /** Lets a task its worker runs time out, then waits for the replacement's answer. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Integer timeOutRunning(OneWorker state) throws InterruptedException, ExecutionException {
    try {
      state.pool.submit(new Spin(), SHORT_TIMEOUT).get();
      throw new IllegalStateException("a task that never ends returned");
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TimeoutException)) {
        throw e;
      }
    }
    return state.pool.submit(new Identity(1)).get();
  }

  private static ProcessPoolBuilder builder() {
    return ProcessPoolExecutor.builder().allowPackages(Identity.class.getPackageName());
  }
}
