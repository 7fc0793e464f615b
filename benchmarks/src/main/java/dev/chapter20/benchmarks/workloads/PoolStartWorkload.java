package dev.chapter20.benchmarks.workloads;

import dev.chapter20.executors.pool.ProcessPoolBuilder;
import dev.chapter20.executors.pool.ProcessPoolExecutor;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Section 20.3.2's start-up, timed: from creating a {@link ProcessPoolExecutor} of two worker JVMs
 * to the moment both workers have answered a first task ({@link WorkerPid}), beside {@code
 * chapter_workloads.py pool-start METHOD}, which does the same with Python's {@code
 * ProcessPoolExecutor(2)} and each start method ({@code fork}, {@code spawn}, {@code forkserver}).
 *
 * <p>Two tasks are asked at a time until two different PIDs have answered: with only two tasks, a
 * worker that starts first could answer both while the other is still starting. Closing the pool is
 * not timed. Run it once per JVM: the point is a program's first pool, classes and all. With the
 * system property {@value #AOT_CACHE_PROPERTY} set to a folder, the workers start from an AOT cache
 * there, which the first run records.
 *
 * <p><b>Threading:</b> the calling thread submits and waits; see {@link ProcessPoolExecutor}.
 */
public final class PoolStartWorkload {

  static final int WORKERS = 2;

  /**
   * A system property naming a folder for the workers' AOT cache ({@link
   * ProcessPoolBuilder#aotCache}); without it, the workers start without one.
   */
  public static final String AOT_CACHE_PROPERTY = "benchmarks.aotCache";

  private PoolStartWorkload() {}

  /** Starts a pool, waits until each worker has answered; returns the time in seconds. */
  public static JsonLine run() throws InterruptedException, ExecutionException {
    String aotCache = System.getProperty(AOT_CACHE_PROPERTY);
    long start = System.nanoTime();
    ProcessPoolBuilder builder =
        ProcessPoolExecutor.builder()
            .workers(WORKERS)
            .allowPackages(WorkerPid.class.getPackageName());
    if (aotCache != null) {
      builder.aotCache(Path.of(aotCache));
    }
    try (ProcessPoolExecutor pool = builder.build()) {
      Set<Long> pids = new HashSet<>();
      int rounds = 0;
      while (pids.size() < WORKERS) {
        for (Future<Long> pid : pool.invokeAll(List.of(new WorkerPid(), new WorkerPid()))) {
          pids.add(pid.get());
        }
        rounds++;
      }
      long nanos = System.nanoTime() - start;
      return JsonLine.of("pool-start").put("seconds", nanos / 1e9).put("rounds", rounds);
    }
  }
}
