package dev.chapter20.executors;

import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import dev.chapter20.executors.pool.ProcessPoolExecutor;

/**
 * The chapter's section 20.3.2: a process pool of two workers runs the two tasks, and {@code
 * close()} waits for them, like Python's {@code with ProcessPoolExecutor(max_workers=2)}.
 *
 * <p>The JDK has no process pool; {@link ProcessPoolExecutor} is this project's, built on the child
 * JVMs and pipes that section 20.2 introduces. Each task runs in a worker JVM and prints there; the
 * pool passes every line it prints on to {@code out}.
 *
 * <p><b>Threading:</b> the workers are separate processes, so the tasks run in parallel; {@code
 * close()} returns after both workers have exited, and so after their last line was passed on.
 */
public final class TwoTasksInProcessPool {

  private TwoTasksInProcessPool() {}

  /** Runs the example, printing the tasks' lines (relayed from the workers) to {@code out}. */
  public static void run(LineSink out) {
    out.println("parent is pid " + ProcessHandle.current().pid());
    try (ProcessPoolExecutor pool =
        ProcessPoolExecutor.builder()
            .workers(2)
            .allowPackages(PrintTask.class.getPackageName()) // the task's package may travel
            .output(out)
            .build()) {
      out.println("workers: pids " + pool.workerPids());
      pool.submit(PrintTask.NUMBERS);
      pool.submit(PrintTask.LETTERS);
    }
    out.println("all tasks have finished");
  }

  public static void main(String[] args) {
    run(new Timeline(System.out));
  }
}
