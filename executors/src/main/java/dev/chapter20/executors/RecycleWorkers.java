package dev.chapter20.executors;

import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import dev.chapter20.executors.pool.ProcessPoolExecutor;
import java.util.concurrent.ExecutionException;

/**
 * Replaces each worker JVM after three tasks, as Python's {@code max_tasks_per_child=3} does: a
 * task that leaks never holds more than three runs' worth, because a fresh JVM takes over.
 *
 * <p>Python's own version hung when tasks were queued behind a worker at its limit (cpython
 * gh-115634, fixed in 2026): here the queued tasks wait for the new JVM and run on it.
 *
 * <p><b>Threading:</b> the caller submits one task at a time and waits; the pool's thread for the
 * worker replaces its JVM between two tasks.
 */
public final class RecycleWorkers {

  private RecycleWorkers() {}

  /** Runs the example, printing to {@code out}. */
  public static void run(LineSink out) throws InterruptedException, ExecutionException {
    try (ProcessPoolExecutor pool =
        ProcessPoolExecutor.builder()
            .workers(1)
            .maxTasksPerWorker(3)
            .allowPackages(LeakyTask.class.getPackageName())
            .output(out)
            .build()) {
      for (int task = 1; task <= 7; task++) {
        out.println("task " + task + ": " + pool.submit(new LeakyTask()).get());
      }
    }
  }

  public static void main(String[] args) throws InterruptedException, ExecutionException {
    run(new Timeline(System.out));
  }
}
