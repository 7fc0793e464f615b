package dev.chapter20.executors;

import dev.chapter20.common.Durations;
import dev.chapter20.executors.pool.ProcessPoolExecutor;
import dev.chapter20.executors.pool.map.SerializableFunction;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.stream.IntStream;

/**
 * Measures what a {@link ProcessPoolExecutor} (section 20.3.2) adds to a task: the round trip of
 * one {@code submit(task).get()}, the cost per item of {@code map}, and how long the workers take
 * to start. The task ({@link Identity}) returns its argument, so everything measured is overhead.
 *
 * <p>Wall-clock figures from one run of a main, after a warm-up, printed with the machine's core
 * count and JDK: good for comparing the rows with each other, not for decimals. Every answer is
 * checked, so a figure never comes from a pool that returned wrong results. The {@code benchmarks}
 * module measures the same with JMH, and {@code benchmarks/compare.sh} sets Python's {@code
 * ProcessPoolExecutor} beside it in one run of its own; this main prints no figure it did not
 * measure.
 *
 * <p><b>Threading:</b> the caller submits one task at a time and waits for it, so a round trip is
 * measured alone; the pool's reply threads complete the futures, which publish the results.
 */
public final class MeasureProcessPool {

  private static final int WARM_UP_ROUND_TRIPS = 20_000; // until both JVMs have compiled the path
  private static final int ROUND_TRIPS = 10_000;
  private static final int MAP_ITEMS = 100_000;

  private MeasureProcessPool() {}

  /** Runs the measurements with a pool of two workers and prints one line each. */
  public static void run(PrintStream out) throws Exception {
    out.printf(
        Locale.ROOT,
        "machine: %d cores, JDK %s; pool of 2 worker JVMs%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.version());
    long start = System.nanoTime();
    try (ProcessPoolExecutor pool =
        ProcessPoolExecutor.builder()
            .workers(2)
            .allowPackages("dev.chapter20.executors")
            .output(out::println)
            .build()) {
      pool.invokeAll(List.<Callable<Integer>>of(new Identity(1), new Identity(2)));
      out.printf(
          Locale.ROOT,
          "start-up: pool ready and first tasks answered after %s%n",
          Durations.format(System.nanoTime() - start));

      roundTrips(pool, WARM_UP_ROUND_TRIPS);
      long roundTrip = roundTrips(pool, ROUND_TRIPS);
      out.printf(Locale.ROOT, "submit(task).get() round trip: %s%n", Durations.format(roundTrip));

      List<Integer> items = IntStream.range(0, MAP_ITEMS).boxed().toList();
      SerializableFunction<Integer, Integer> identity = x -> x;
      check(items, pool.map(identity, items)); // warm-up
      long mapStart = System.nanoTime();
      List<Integer> mapped = pool.map(identity, items);
      long perItem = (System.nanoTime() - mapStart) / MAP_ITEMS;
      check(items, mapped);
      out.printf(
          Locale.ROOT,
          "map of %,d items, chunked: %s per item%n",
          MAP_ITEMS,
          Durations.format(perItem));
      List<Integer> few = items.subList(0, ROUND_TRIPS);
      check(few, pool.map(identity, few, 1)); // warm-up
      long unchunkedStart = System.nanoTime();
      List<Integer> unchunked = pool.map(identity, few, 1);
      long perTask = (System.nanoTime() - unchunkedStart) / ROUND_TRIPS;
      check(few, unchunked);
      out.printf(
          Locale.ROOT,
          "map of %,d items, one task each: %s per item%n",
          ROUND_TRIPS,
          Durations.format(perTask));
    }
    out.println("every answer checked. Python's ProcessPoolExecutor, measured beside this pool on");
    out.println(
        "one machine by benchmarks/compare.sh: see the root README, 'Measured, not asserted'.");
  }

  /** Throws unless the pool returned every item unchanged, in order. */
  private static void check(List<Integer> sent, List<Integer> received) {
    if (!received.equals(sent)) {
      throw new IllegalStateException("map returned other items than it was given");
    }
  }

  /**
   * Returns the mean time, in nanoseconds, of {@code count} round trips of an {@link Identity}
   * task, one task at a time, each answer checked (0 for none); any {@link ExecutorService} will
   * do. The wait has no timeout: a pool's or a cluster's future always ends, with an exception if
   * its worker or member died, and a timed {@code get}, which arms a timer for every wait, made
   * this pool's round trip measurably slower.
   */
  public static long roundTrips(ExecutorService executor, int count)
      throws InterruptedException, ExecutionException {
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      if (executor.submit(new Identity(i)).get() != i) {
        throw new IllegalStateException("wrong answer for " + i);
      }
    }
    return (System.nanoTime() - start) / Math.max(1, count);
  }
}
