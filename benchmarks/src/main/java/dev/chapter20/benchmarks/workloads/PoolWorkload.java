package dev.chapter20.benchmarks.workloads;

import dev.chapter20.executors.Identity;
import dev.chapter20.executors.MeasureProcessPool;
import dev.chapter20.executors.pool.ProcessPoolExecutor;
import dev.chapter20.executors.pool.map.SerializableFunction;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;

/**
 * Section 20.3.2 timed: what the {@code executors} module's {@link ProcessPoolExecutor} of two
 * worker JVMs adds to a task that does nothing, beside Python's {@code ProcessPoolExecutor(2)} in
 * {@code chapter_workloads.py pool}.
 *
 * <p>Three figures: the mean round trip of {@code submit(new Identity(i)).get()} ({@link
 * MeasureProcessPool#roundTrips}) after {@code warmUp} untimed ones (Python: {@code
 * submit(identity, i).result()}); and the cost per item of {@code map} over {@code items} integers
 * with one item per task (Python's default chunk size) and with this pool's default of about four
 * chunks per worker (Python is given the same size). Each map is run a few times untimed first, the
 * same on both sides ({@value #MAP_WARM_UPS} with one item per task, {@value #MAP_WARM_UPS_CHUNKED}
 * chunked): the JVMs compile the path with their optimising compiler only after some thousands of
 * calls, and a chunked map makes only a few. The chunked figure is the median of {@value
 * #MAP_TIMED_CHUNKED} timed maps.
 *
 * <p><b>Threading:</b> the calling thread submits and waits; see {@link ProcessPoolExecutor}.
 */
public final class PoolWorkload {

  /** Untimed maps before the timed one; {@code chapter_workloads.py} does as many. */
  static final int MAP_WARM_UPS = 3;

  /** The same, for the chunked map, which is cheap and makes few calls per run. */
  static final int MAP_WARM_UPS_CHUNKED = 20;

  /**
   * Timed chunked maps, of which the median is reported: one takes milliseconds, too short a time
   * to trust once on a shared machine. {@code chapter_workloads.py} does as many.
   */
  static final int MAP_TIMED_CHUNKED = 9;

  /** Python's {@code max_workers=2}. */
  static final int WORKERS = 2;

  /** Python's {@code def identity(value): return value}, as a function that can travel. */
  private static final SerializableFunction<Integer, Integer> IDENTITY = value -> value;

  private PoolWorkload() {}

  /** Runs the three measurements on one pool and returns them in microseconds. */
  public static JsonLine run(int warmUp, int roundTrips, int items)
      throws InterruptedException, ExecutionException {
    // The map function is a lambda of this class, so its package must be allowed to travel, and
    // so must the round trip's task.
    try (ProcessPoolExecutor pool =
        ProcessPoolExecutor.builder()
            .workers(WORKERS)
            .allowPackages(PoolWorkload.class.getPackageName(), Identity.class.getPackageName())
            .build()) {
      MeasureProcessPool.roundTrips(pool, warmUp);
      double roundTripMicros = MeasureProcessPool.roundTrips(pool, roundTrips) / 1e3;
      List<Integer> values = IntStream.range(0, items).boxed().toList();
      double chunk1 = timedMap(values, MAP_WARM_UPS, 1, () -> pool.map(IDENTITY, values, 1));
      double chunked =
          timedMap(
              values, MAP_WARM_UPS_CHUNKED, MAP_TIMED_CHUNKED, () -> pool.map(IDENTITY, values));
      return JsonLine.of("pool")
          .put("round_trip_us", roundTripMicros)
          .put("map_chunk1_us", chunk1)
          .put("map_chunked_us", chunked)
          .put("chunk_size", Math.max(1, (items + 4L * WORKERS - 1) / (4L * WORKERS)));
    }
  }

  private interface MapCall {
    List<Integer> call() throws InterruptedException, ExecutionException;
  }

  /**
   * Runs {@code map} {@code warmUps} times untimed, then {@code timed} times timed: the median, in
   * us per item.
   */
  private static double timedMap(List<Integer> values, int warmUps, int timed, MapCall map)
      throws InterruptedException, ExecutionException {
    for (int i = 0; i < warmUps; i++) {
      map.call();
    }
    double[] micros = new double[timed];
    for (int i = 0; i < timed; i++) {
      long start = System.nanoTime();
      if (!map.call().equals(values)) {
        throw new IllegalStateException("map returned wrong results");
      }
      micros[i] = (System.nanoTime() - start) / 1e3 / values.size();
    }
    return CounterWorkload.median(micros);
  }
}
