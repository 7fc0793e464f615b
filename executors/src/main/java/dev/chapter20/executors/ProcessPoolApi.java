package dev.chapter20.executors;

import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import dev.chapter20.executors.pool.ProcessPoolExecutor;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/**
 * The rest of Python's process-pool API (section 20.3.2) on a {@link ProcessPoolExecutor}: {@code
 * submit} and {@code result()}, {@code map} in input order, an exception raised in a worker
 * surfacing at {@code get}, and a lambda refused at {@code submit} next to the same lambda that
 * travels.
 *
 * <p>What differs from a thread pool is what crosses the process boundary: a task is serialized to
 * bytes, sent to a worker JVM and rebuilt there, and so is its result. Python pickles a function by
 * its name; Java serializes an object, and a lambda is serializable only if its target type is.
 * {@code (Callable<String>) () -> ...} is refused because {@link Callable} is not {@link
 * Serializable}, whatever the lambda captures (the message names its hidden {@code $$Lambda}
 * class). The cast {@code (Callable<String> & Serializable)}, or a record such as {@link Square},
 * makes it travel; then what it captures must travel too: a {@code String} does, a thread, a socket
 * or a lock would not.
 *
 * <p><b>Threading:</b> the caller submits and waits; the tasks run in the worker JVMs, and the
 * pool's reply threads complete the futures. See {@link ProcessPoolExecutor}: a result is complete
 * when {@code get} returns it.
 */
public final class ProcessPoolApi {

  private ProcessPoolApi() {}

  /** Runs the example, printing to {@code out}. */
  public static void run(LineSink out) throws InterruptedException, ExecutionException {
    out.println("parent is pid " + ProcessHandle.current().pid());
    try (ProcessPoolExecutor pool =
        ProcessPoolExecutor.builder()
            .workers(2)
            .allowPackages("dev.chapter20.executors") // for the lambda below
            .output(out)
            .build()) {
      Future<String> square = pool.submit(new Square(7));
      out.println("submit + get: " + square.get());

      List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3, 4, 5, 6, 7, 8));
      out.println("map, in input order: " + squares);

      try {
        pool.submit(new Divide(1, 0)).get();
      } catch (ExecutionException e) {
        StackTraceElement where = e.getCause().getStackTrace()[0];
        out.println("a task failed in its worker: " + e.getCause() + " at " + where);
      }

      String greeting = "hello"; // both lambdas capture only this String, which travels
      try {
        pool.submit((Callable<String>) () -> greeting + " from " + pid());
      } catch (RejectedExecutionException e) {
        out.println("refused at submit: " + e.getMessage());
      }
      Callable<String> travels =
          (Callable<String> & Serializable) () -> greeting + " from " + pid();
      out.println("with a serializable type: " + pool.submit(travels).get());
    }
  }

  private static String pid() {
    return "pid " + ProcessHandle.current().pid();
  }

  public static void main(String[] args) throws Exception {
    run(new Timeline(System.out));
  }
}
