package dev.chapter20.executors;

import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import dev.chapter20.executors.pool.ProcessPoolExecutor;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/**
 * The rest of Python's process-pool API (section 20.3.2) on a {@link ProcessPoolExecutor}: {@code
 * submit} and {@code result()}, {@code map} in input order, an exception raised in a worker
 * surfacing at {@code get}, and a task that cannot travel refused at {@code submit}.
 *
 * <p>What differs from a thread pool is what crosses the process boundary: a task is serialized to
 * bytes, sent down a pipe and rebuilt in the worker, and so is its result. Records travel; a lambda
 * that captures a thread, a socket or a lock cannot, and is refused with the reason.
 *
 * <p><b>Threading:</b> see {@link ProcessPoolExecutor}: results are complete when {@code get}
 * returns them.
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

      Thread notSerializable = Thread.currentThread();
      try {
        pool.submit((Callable<String>) notSerializable::getName);
      } catch (RejectedExecutionException e) {
        out.println("refused at submit: " + e.getMessage());
      }
    }
  }

  public static void main(String[] args) throws Exception {
    run(new Timeline(System.out));
  }
}
