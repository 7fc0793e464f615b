package dev.chapter20.async;

import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gives up on slow work after {@value #TIMEOUT_MILLIS} ms, three ways: Python's {@code
 * asyncio.wait_for(aw, timeout)}. It extends section 20.4.1, where every task runs to its end.
 *
 * <p>{@code orTimeout} fails the future with a {@link TimeoutException}; {@code completeOnTimeout}
 * completes it with a default instead. Neither stops the work: a {@link CompletableFuture} has no
 * hold on the thread that would complete it, so that work runs on and its answer is dropped. {@code
 * wait_for} cancels the task it gives up on; in Java that takes a {@link Future} from an executor,
 * {@code get(timeout)}, and {@code cancel(true)}, which interrupts the task's thread.
 *
 * <p><b>Threading:</b> each slow task runs on its own virtual thread and waits for a latch that the
 * calling thread opens only after the three timeouts have fired, so the output is the same on every
 * run. The executor's {@code close()} waits until every task has ended.
 *
 * @see CompletableFuture#orTimeout(long, TimeUnit)
 * @see CompletableFuture#completeOnTimeout(Object, long, TimeUnit)
 */
public final class WaitFor {

  /** How long each way waits; the slow work ends only after all three gave up, whatever this is. */
  static final long TIMEOUT_MILLIS = 20;

  private WaitFor() {}

  /** Times out three slow tasks, then lets them go on, and counts those that ended anyway. */
  public static int run(LineSink out) throws InterruptedException {
    CountDownLatch slowWorkMayEnd = new CountDownLatch(1);
    AtomicInteger endedAnyway = new AtomicInteger();
    Callable<String> slow =
        () -> {
          slowWorkMayEnd.await(); // stands for a slow server, answering only after the timeouts
          endedAnyway.incrementAndGet();
          out.println("slow work ended; nobody reads its answer");
          return "answer";
        };
    try (ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
      CompletableFuture<String> first =
          supplyOn(virtual, slow).orTimeout(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      try {
        first.join();
      } catch (CompletionException e) {
        out.println("orTimeout: failed with " + e.getCause().getClass().getSimpleName());
      }
      String second =
          supplyOn(virtual, slow)
              .completeOnTimeout("a default", TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
              .join();
      out.println("completeOnTimeout: " + second);

      Future<String> third = virtual.submit(slow);
      try {
        third.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        third.cancel(true); // what wait_for does: the task's thread is interrupted
        out.println("get(" + TIMEOUT_MILLIS + " ms) timed out; cancel(true) interrupts the task");
      } catch (ExecutionException e) {
        throw new IllegalStateException("the slow task failed", e);
      }
      slowWorkMayEnd.countDown();
    } // close() waits for the slow tasks that are still running
    out.println("tasks that ran on after their timeout: " + endedAnyway.get() + " of 3");
    return endedAnyway.get();
  }

  private static CompletableFuture<String> supplyOn(ExecutorService executor, Callable<String> c) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return c.call();
          } catch (Exception e) {
            throw new CompletionException(e);
          }
        },
        executor);
  }

  public static void main(String[] args) throws InterruptedException {
    run(new Timeline(System.out));
  }
}
