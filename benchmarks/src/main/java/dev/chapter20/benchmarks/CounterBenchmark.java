package dev.chapter20.benchmarks;

import dev.chapter20.threading.AtomicIntegerCounter;
import dev.chapter20.threading.Counter;
import dev.chapter20.threading.LockAroundLoopCounter;
import dev.chapter20.threading.LockPerIncrementCounter;
import dev.chapter20.threading.LongAdderCounter;
import dev.chapter20.threading.RacyCounter;
import dev.chapter20.threading.SynchronizedCounter;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Section 20.1.2: what one increment of a shared counter costs while two threads increment it at
 * once, for each counter of the {@code threading} module. It backs the threading README's
 * "counters" table and its claims: the lock around the whole loop makes the two threads take turns,
 * and every safe per-increment counter pays for handing the count's cache line between the cores
 * (5-20 ns per increment on 2 cores) except {@code LongAdder}, which gives each thread a cell.
 *
 * <p>{@code counter}: {@code racy} (no synchronisation; <b>broken</b>, it loses updates, shown for
 * the cost of the bare shared write), {@code synchronized}, {@code lockPerIncrement} ({@code
 * ReentrantLock} around each increment), {@code lockAroundLoop} (the chapter's shape: the lock
 * around the whole loop), {@code atomicInteger}, {@code longAdder}.
 *
 * <p>Each of the two threads calls {@link Counter#incrementTimes} with {@value #BATCH} increments,
 * the chapter's loop at a thousandth of its length, so the lock-around-the-loop counter takes its
 * lock once per {@value #BATCH}. The score is nanoseconds per increment for one thread; lower is
 * better. Each thread of the chapter does a million increments, so a score of 10 ns/op means the
 * race takes about 10 ms, the figure {@code CounterComparison} prints.
 *
 * <p>Expect {@code lockAroundLoop} to score a fraction of a nanosecond. The threads take turns, but
 * under one lock the JIT compiler turns the whole loop into one addition: the chapter's shape is
 * fast only because its loop does nothing else, and would serialise any real work.
 */
@State(Scope.Benchmark)
@Threads(2) // the chapter's two threads, on the same counter
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CounterBenchmark {

  static final int BATCH = 1_000;

  @Param({
    "racy",
    "synchronized",
    "lockPerIncrement",
    "lockAroundLoop",
    "atomicInteger",
    "longAdder"
  })
  public String counter;

  private Counter shared;

  @Setup
  public void createCounter() {
    shared =
        switch (counter) {
          case "racy" -> new RacyCounter();
          case "synchronized" -> new SynchronizedCounter();
          case "lockPerIncrement" -> new LockPerIncrementCounter();
          case "lockAroundLoop" -> new LockAroundLoopCounter();
          case "atomicInteger" -> new AtomicIntegerCounter();
          case "longAdder" -> new LongAdderCounter();
          default -> throw new IllegalArgumentException("unknown counter " + counter);
        };
  }

  /** One thread's batch of increments; the shared count is the result, so nothing is dead code. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void increment() {
    shared.incrementTimes(BATCH);
  }
}
