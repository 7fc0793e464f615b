package dev.chapter20.benchmarks.workloads;

import dev.chapter20.threading.Counter;
import dev.chapter20.threading.support.CounterRace;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Section 20.1.2 timed: {@code threads} threads each increment a fresh {@link Counter} {@code
 * increments} times through {@link CounterRace}, {@code runs} times; the median race is reported.
 *
 * <p>With {@link dev.chapter20.threading.LockAroundLoopCounter} this is the chapter's program: each
 * thread takes the lock once and does its whole loop under it, as {@code with lock: for ...} does
 * in {@code chapter_workloads.py counter}. Python runs the same number of races and reports their
 * median too, so the JIT's first, slower race counts no more than any other.
 *
 * <p><b>Threading:</b> see {@link CounterRace}; the races follow one another.
 */
public final class CounterWorkload {

  private CounterWorkload() {}

  /** Races {@code runs} fresh counters from {@code counters}; fails if one lost an increment. */
  public static JsonLine run(
      String name, Supplier<Counter> counters, int threads, int increments, int runs)
      throws InterruptedException {
    double[] seconds = new double[runs];
    for (int i = 0; i < runs; i++) {
      CounterRace.Result race = CounterRace.run(counters.get(), threads, increments);
      if (race.lost() != 0) {
        throw new IllegalStateException(
            "counted " + race.value() + ", expected " + race.expected());
      }
      seconds[i] = race.nanos() / 1e9;
    }
    return JsonLine.of(name).put("median_s", median(seconds)).put("first_s", seconds[0]);
  }

  /** Returns the middle value, or the mean of the middle two: Python's statistics.median. */
  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }
}
