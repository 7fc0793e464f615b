package dev.chapter20.threading;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chapter20.threading.support.CounterRace;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs the chapter's real race, 2 threads x 1,000,000 increments, on every safe counter. */
@Timeout(60)
class CounterRaceTest {

  private static final int RACES = 20;

  static Stream<Named<Supplier<Counter>>> safeCounters() {
    return Stream.of(
        Named.of("synchronized", SynchronizedCounter::new),
        Named.of("ReentrantLock per increment", LockPerIncrementCounter::new),
        Named.of("ReentrantLock around the loop", LockAroundLoopCounter::new),
        Named.of("AtomicInteger", AtomicIntegerCounter::new),
        Named.of("LongAdder", LongAdderCounter::new));
  }

  @ParameterizedTest
  @MethodSource("safeCounters")
  void safeCounterEndsAtExactlyTwoMillionEveryTime(Supplier<Counter> counter)
      throws InterruptedException {
    for (int race = 1; race <= RACES; race++) {
      CounterRace.Result result = CounterRace.run(counter.get());
      assertEquals(2_000_000, result.value(), "race " + race);
      assertEquals(0, result.lost(), "race " + race);
    }
  }

  @ParameterizedTest
  @MethodSource("safeCounters")
  void manyThreadsLoseNothingEither(Supplier<Counter> counter) throws InterruptedException {
    assertEquals(800_000, CounterRace.run(counter.get(), 8, 100_000).value());
  }
}
