package dev.chapter20.executors;

import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor.AbortPolicy;
import java.util.concurrent.ThreadPoolExecutor.CallerRunsPolicy;
import java.util.concurrent.TimeUnit;

/**
 * A pool with a bounded queue that pushes back when it is full: a {@link ThreadPoolExecutor} on an
 * {@link ArrayBlockingQueue}, with {@link CallerRunsPolicy}, then {@link AbortPolicy}. One of the
 * rest of {@code concurrent.futures} (20.3+), where Python has no bound at all.
 *
 * <p>Python's {@code ThreadPoolExecutor} queues every task submitted, and so does the JDK's {@code
 * newFixedThreadPool} (an unbounded {@code LinkedBlockingQueue}): a producer faster than the pool
 * fills memory. Bound the queue and say what happens to a task that does not fit. {@code
 * CallerRunsPolicy} runs it on the submitting thread, which cannot submit more meanwhile: the
 * producer slows to the pool's pace (back-pressure). {@code AbortPolicy}, the default, throws
 * {@link RejectedExecutionException}. Avoid {@code DiscardPolicy} with {@code submit}: the dropped
 * task's future never completes. In Python, bound the tasks in flight with a {@code
 * BoundedSemaphore} acquired before {@code submit} and released in a done callback.
 *
 * <p><b>Threading:</b> {@code pool-1}, the only pool thread, runs task 1, held until the caller
 * releases it, then the two queued tasks in order; with the queue full, the caller runs tasks 4 and
 * 5 itself. The queue hands each task over: putting it happens-before taking it.
 *
 * @see ThreadPoolExecutor.CallerRunsPolicy
 */
public final class PushBackWhenFull {

  static final int QUEUE_CAPACITY = 2;

  private PushBackWhenFull() {}

  /** Fills a pool of one thread and a queue of two, then submits more than fits. */
  public static void run(LineSink out) {
    CompletableFuture<Void> release = new CompletableFuture<>();
    try (ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE_CAPACITY),
            Thread.ofPlatform().name("pool-", 1).factory(),
            new CallerRunsPolicy())) {
      try {
        pool.execute(
            () -> {
              out.println("task 1 holds the only thread");
              release.join(); // stands for long work, ended by the caller below
            });
        for (int n = 2; n <= 5; n++) {
          pool.execute(task(n, out));
          out.println("submitted task " + n + "; queued: " + pool.getQueue().size());
        }
        pool.setRejectedExecutionHandler(new AbortPolicy());
        try {
          pool.execute(task(6, out));
        } catch (RejectedExecutionException e) {
          out.println("AbortPolicy: task 6 refused with RejectedExecutionException");
        }
      } finally {
        release.complete(null); // so that close() never waits for task 1 forever
      }
    }
    out.println("the pool is closed; task 6 never ran");
  }

  private static Runnable task(int n, LineSink out) {
    return () -> out.println("task " + n);
  }

  public static void main(String[] args) {
    run(new Timeline(System.out));
  }
}
