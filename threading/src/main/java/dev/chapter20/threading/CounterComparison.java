package dev.chapter20.threading;

import dev.chapter20.common.Durations;
import dev.chapter20.threading.support.CounterRace;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Every counter of section 20.1.2 side by side: its result for 2 threads x 1,000,000 increments,
 * and what it cost.
 *
 * <p>Each counter races a few times first so the JIT compiler has compiled its loop, then the
 * median of the measured races is printed. These are wall-clock figures from one run of a main,
 * good for orders of magnitude; the {@code benchmarks} module measures the same with JMH.
 *
 * <p><b>Threading:</b> each race is a {@link CounterRace}: its workers start behind a gate and are
 * joined before the count is read. The races run one after another.
 */
public final class CounterComparison {

  /** A counter to compare and how it protects its count. */
  record Variant(String name, Supplier<Counter> counter) {}

  static final List<Variant> VARIANTS =
      List.of(
          new Variant("no synchronisation (broken)", RacyCounter::new),
          new Variant("synchronized, per increment", SynchronizedCounter::new),
          new Variant("ReentrantLock, per increment", LockPerIncrementCounter::new),
          new Variant("ReentrantLock, around loop", LockAroundLoopCounter::new),
          new Variant("AtomicInteger", AtomicIntegerCounter::new),
          new Variant("LongAdder", LongAdderCounter::new));

  private static final int WARM_UP_RACES = 3;
  private static final int MEASURED_RACES = 5;

  private CounterComparison() {}

  /** Races every variant and prints one line each. */
  public static void run(PrintStream out) throws InterruptedException {
    out.printf(Locale.ROOT, "%-30s %11s %11s %10s%n", "counter", "value", "lost", "time");
    for (Variant variant : VARIANTS) {
      for (int i = 0; i < WARM_UP_RACES; i++) {
        CounterRace.run(variant.counter().get());
      }
      long[] nanos = new long[MEASURED_RACES];
      CounterRace.Result last = null;
      for (int i = 0; i < MEASURED_RACES; i++) {
        last = CounterRace.run(variant.counter().get());
        nanos[i] = last.nanos();
      }
      Arrays.sort(nanos);
      out.printf(
          Locale.ROOT,
          "%-30s %,11d %,11d %10s%n",
          variant.name(),
          last.value(),
          last.lost(),
          Durations.format(nanos[MEASURED_RACES / 2]));
    }
    out.println(
        "(time: median of " + MEASURED_RACES + " races after " + WARM_UP_RACES + " warm-up races)");
    out.println("The chapter holds its lock around the whole loop: correct, but the threads take");
    out.println("turns, so nothing runs in parallel. Per-increment locks and atomics let both");
    out.println("threads run, and then pay for every hand-over of the count between the cores.");
    out.println("LongAdder avoids most hand-overs by giving each thread its own cell.");
  }

  public static void main(String[] args) throws InterruptedException {
    run(System.out);
  }
}
