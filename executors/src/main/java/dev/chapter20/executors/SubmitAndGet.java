package dev.chapter20.executors;

import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link Future} is the receipt for a task handed to a pool: {@code submit} returns it at once,
 * and {@link Future#get(long, TimeUnit)} waits for the task's result, up to a limit.
 *
 * <p>Section 20.3 submits tasks without reading what they return; this is the other half of
 * Python's {@code concurrent.futures}: {@code executor.submit(f)} and {@code
 * future.result(timeout=0.02)}. A {@link Callable} is a task that returns a value. When the wait
 * runs out, Java throws {@link TimeoutException} as Python raises {@code TimeoutError}, and in both
 * the task keeps running: the timeout limits the caller's patience, not the task. Decide what to do
 * with it; here it is cancelled, which interrupts its thread (see {@link CancelTasks}).
 *
 * <p><b>Threading:</b> the caller submits and waits; pool threads run the tasks. A task's result is
 * published through its future: everything the task did happens-before {@code get} returns it.
 *
 * @see Future
 */
public final class SubmitAndGet {

  /**
   * How long the caller waits for the slow task: short, since the task would take a minute and any
   * wait shorter than that shows the same.
   */
  static final Duration PATIENCE = Duration.ofMillis(20);

  private SubmitAndGet() {}

  /** Gets a quick result, then gives up on a task that would take a minute, printing to out. */
  public static void run(LineSink out) throws InterruptedException, ExecutionException {
    run(
        out,
        () -> {
          Thread.sleep(Duration.ofMinutes(1)); // stands for a download that stalled
          return "downloaded";
        });
  }

  /** Runs the example with {@code slowTask} as the task that does not finish in time. */
  static void run(LineSink out, Callable<String> slowTask)
      throws InterruptedException, ExecutionException {
    try (ExecutorService pool =
        Executors.newFixedThreadPool(2, Thread.ofPlatform().name("pool-", 1).factory())) {
      Future<Integer> answer = pool.submit(() -> 6 * 7);
      out.println("6 * 7 = " + answer.get()); // get() without a limit: waits as long as it takes

      Future<String> slow = pool.submit(slowTask);
      try {
        out.println("slow task: " + slow.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
      } catch (TimeoutException e) {
        out.println("no result after " + PATIENCE.toMillis() + " ms; the task is " + slow.state());
        boolean cancelled = slow.cancel(true); // without this, close() would wait for the minute
        out.println("cancel(true) returned " + cancelled + "; the task is now " + slow.state());
      }
    }
    out.println("the pool is closed");
  }

  public static void main(String[] args) throws InterruptedException, ExecutionException {
    run(new Timeline(System.out));
  }
}
