package dev.chapter20.executors;

import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/**
 * An exception thrown by a pooled task does not reach the caller when it happens: the future keeps
 * it, and {@link Future#get()} throws it later, wrapped in an {@link ExecutionException}.
 *
 * <p>Python's {@code future.result()} re-raises the task's own exception; Java wraps it, and the
 * original is {@link ExecutionException#getCause()}. Python's {@code future.exception()} has a
 * counterpart that does not wait, {@link Future#exceptionNow()} (Java 19+). The trap is the same in
 * both: a task submitted and never asked for its result fails in silence, because nobody calls
 * {@code get}. The chapter's 20.3.1 example would print nothing if its tasks threw. With {@link
 * ExecutorService#execute} there is no future to keep the exception in: it escapes the task, ends
 * its pool thread (the pool starts another) and goes to that thread's uncaught-exception handler,
 * whose default prints a stack trace to standard error.
 *
 * <p><b>Threading:</b> pool threads run the tasks; the exception is handed to the caller through
 * the future, which makes everything the task did happen-before {@code get} throws. The handler
 * runs on the failing pool thread and tells the caller through a latch.
 *
 * @see ExecutionException
 * @see Thread.UncaughtExceptionHandler
 */
public final class ExceptionAtGet {

  private ExceptionAtGet() {}

  /** Fails a task three ways, read with get, never read, and run by execute; prints to out. */
  public static void run(LineSink out) throws InterruptedException {
    CountDownLatch reported = new CountDownLatch(1);
    ThreadFactory threads =
        Thread.ofPlatform()
            .name("pool-", 1)
            .uncaughtExceptionHandler(
                (thread, e) -> {
                  out.println("uncaught-exception handler: " + e);
                  reported.countDown();
                })
            .factory();
    Future<Integer> neverRead;
    try (ExecutorService pool = Executors.newFixedThreadPool(2, threads)) {
      Future<Integer> read = pool.submit(() -> parsePositive("-5"));
      try {
        out.println("result: " + read.get());
      } catch (ExecutionException e) {
        out.println("get() threw ExecutionException; its cause: " + e.getCause());
      }

      neverRead = pool.submit(() -> parsePositive("-7")); // fails too, and nothing is printed
      pool.execute(() -> parsePositive("-9"));
    }
    reported.await(); // the handler may run just after the pool has terminated
    out.println("the never-read future is " + neverRead.state() + ": " + neverRead.exceptionNow());
  }

  /** Parses a positive number: the task that fails, with an exception of its own. */
  static int parsePositive(String text) {
    int value = Integer.parseInt(text);
    if (value <= 0) {
      throw new IllegalArgumentException("not positive: " + value);
    }
    return value;
  }

  public static void main(String[] args) throws InterruptedException {
    run(new Timeline(System.out));
  }
}
