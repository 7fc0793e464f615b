package dev.chapter20.threading;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jetbrains.lincheck.LincheckAssertionError;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Proves the counters right or wrong by model checking: Lincheck runs {@code increment()} and
 * {@code value()} from two threads and explores their interleavings one by one, switching threads
 * at every shared read and write, so the result does not depend on how the OS happens to schedule
 * this run. A counter is correct when every explored outcome matches some sequential order of the
 * same calls.
 */
@Timeout(120)
class CounterLincheckTest {

  /** The operations Lincheck calls concurrently; a subclass picks the counter. */
  abstract static class CounterOperations {
    private final Counter counter;

    CounterOperations(Counter counter) {
      this.counter = counter;
    }

    @Operation
    public void increment() {
      counter.increment();
    }

    @Operation
    public long value() {
      return counter.value();
    }
  }

  public static final class Racy extends CounterOperations {
    public Racy() {
      super(new RacyCounter());
    }
  }

  public static final class Synchronized extends CounterOperations {
    public Synchronized() {
      super(new SynchronizedCounter());
    }
  }

  public static final class LockPerIncrement extends CounterOperations {
    public LockPerIncrement() {
      super(new LockPerIncrementCounter());
    }
  }

  public static final class AtomicInteger extends CounterOperations {
    public AtomicInteger() {
      super(new AtomicIntegerCounter());
    }
  }

  public static final class LongAdder extends CounterOperations {
    public LongAdder() {
      super(new LongAdderCounter());
    }
  }

  private static ModelCheckingOptions options() {
    return new ModelCheckingOptions().iterations(10).invocationsPerIteration(500);
  }

  @Test
  void racyCounterLosesAnIncrementInSomeInterleaving() {
    LincheckAssertionError error =
        assertThrows(LincheckAssertionError.class, () -> options().check(Racy.class));
    // Lincheck names the interleaving: both threads read the same value before either writes.
    assertTrue(error.getMessage().contains("Invalid execution results"), error.getMessage());
  }

  @Test
  void synchronizedCounterIsCorrectInEveryExploredInterleaving() {
    options().check(Synchronized.class);
  }

  @Test
  void lockPerIncrementCounterIsCorrectInEveryExploredInterleaving() {
    options().check(LockPerIncrement.class);
  }

  @Test
  void atomicIntegerCounterIsCorrectInEveryExploredInterleaving() {
    options().check(AtomicInteger.class);
  }

  @Test
  void longAdderCounterIsCorrectInEveryExploredInterleaving() {
    options().check(LongAdder.class);
  }
}
