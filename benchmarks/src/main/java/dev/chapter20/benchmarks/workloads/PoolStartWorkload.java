package dev.chapter20.benchmarks.workloads;

import dev.chapter20.executors.pool.ProcessPoolExecutor;
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
 * not timed. Run it once per JVM: the point is a program's first pool, classes and all.
 *
 * <p><b>Threading:</b> the calling thread submits and waits; see {@link ProcessPoolExecutor}.
 */
public final class PoolStartWorkload {

  static final int WORKERS = 2;

  private PoolStartWorkload() {}

  /** Starts a pool, waits until each worker has answered; returns the time in seconds. */
  public static JsonLine run() throws InterruptedException, ExecutionException {
    long start = System.nanoTime();
    try (ProcessPoolExecutor pool =
        ProcessPoolExecutor.builder()
            .workers(WORKERS)
            .allowPackages(WorkerPid.class.getPackageName())
            .build()) {
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
