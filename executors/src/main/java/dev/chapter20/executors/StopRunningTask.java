package dev.chapter20.executors;

import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import dev.chapter20.executors.pool.ProcessPoolExecutor;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops a task that is running, which Python's pools cannot: a timeout, then {@code cancel(true)},
 * each kill the worker JVM running a task that never ends, and a new worker takes its place.
 *
 * <p>Python's {@code future.cancel()} refuses a running task, and {@code result(timeout)} only
 * stops waiting (as {@code get(timeout)} does here: shown first). Stopping a task in another
 * process means ending the process: here only the worker that runs it, and the pool goes on.
 *
 * <p><b>Threading:</b> the caller submits and waits; the pool's timer thread kills the worker when
 * the timeout passes, and {@code cancel(true)} kills it from the caller's thread.
 */
public final class StopRunningTask {

  private StopRunningTask() {}

  /** Runs the example, printing to {@code out}. */
  public static void run(LineSink out) throws InterruptedException, ExecutionException {
    try (ProcessPoolExecutor pool =
        ProcessPoolExecutor.builder()
            .workers(1)
            .allowPackages(Spin.class.getPackageName())
            .output(out)
            .build()) {
      long first = pool.submit(new Identity(1)).thenApply(x -> pool.workerPids().get(0)).get();
      out.println("one worker, pid " + first);

      CompletableFuture<Long> spinning = pool.submit(new Spin());
      try {
        spinning.get(100, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        out.println("get(100 ms) gave up waiting; the task runs on: done=" + spinning.isDone());
      }
      spinning.cancel(true); // the only worker is free again
      out.println("cancel(true): cancelled=" + spinning.isCancelled() + "; " + answer(pool));

      try {
        pool.submit(new Spin(), Duration.ofMillis(200)).get();
      } catch (ExecutionException e) {
        out.println("timeout: " + e.getCause().getClass().getSimpleName());
      }
      out.println("after the timeout: " + answer(pool));
    }
  }

  /** Runs a quick task and says which worker answered. */
  private static String answer(ProcessPoolExecutor pool)
      throws InterruptedException, ExecutionException {
    return "a quick task answered "
        + pool.submit(new Identity(42)).get()
        + " from pid "
        + pool.workerPids();
  }

  public static void main(String[] args) throws InterruptedException, ExecutionException {
    run(new Timeline(System.out));
  }
}
