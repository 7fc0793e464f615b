package dev.chapter20.executors.pool;

import dev.chapter20.executors.pool.wire.Reply;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * A task on its way through a {@link ProcessPoolExecutor}: the task, its serialized bytes, and the
 * future its reply completes.
 *
 * <p>{@code outcome} is the pool's own future: only the pool's threads and the waiters of {@code
 * get()} depend on it, never a caller's callback (see {@link TaskFuture}).
 *
 * <p>A job is also the {@code Runnable} that {@link ProcessPoolExecutor#shutdownNow()} returns for
 * a task that never ran: running it runs the task in the caller's thread and completes the future.
 *
 * <p><b>Threading:</b> immutable but for its future, which is thread-safe and completes once.
 */
final class Job<T> implements Runnable {

  final Object task;
  final byte[] bytes;
  final CompletableFuture<T> outcome = new CompletableFuture<>();
  private final T runnableResult;

  /** A job for {@code task} ({@code Callable} or {@code Runnable}) already serialized to bytes. */
  Job(Object task, byte[] bytes, T runnableResult) {
    this.task = task;
    this.bytes = bytes;
    this.runnableResult = runnableResult;
  }

  /** Completes the future with what the worker sent back. */
  @SuppressWarnings("unchecked") // the worker ran this job's task, whose result is a T
  void complete(Reply reply) {
    if (reply.failure() != null) {
      outcome.completeExceptionally(reply.failure());
    } else {
      outcome.complete(task instanceof Callable<?> ? (T) reply.value() : runnableResult);
    }
  }

  /** Runs the task here, in the caller's thread, and completes the future. */
  @Override
  @SuppressWarnings("unchecked") // a Callable given to submit(Callable<T>) returns a T
  public void run() {
    try {
      if (task instanceof Callable<?> callable) {
        outcome.complete((T) callable.call());
      } else {
        ((Runnable) task).run();
        outcome.complete(runnableResult);
      }
    } catch (Throwable e) {
      outcome.completeExceptionally(e);
    }
  }

  /** Describes the task in at most 80 characters, for messages. */
  @Override
  public String toString() {
    return describe(task);
  }

  /** Describes {@code task} for a message, even if its {@code toString} fails. */
  static String describe(Object task) {
    String text;
    try {
      text = String.valueOf(task);
    } catch (RuntimeException | StackOverflowError e) {
      text = task.getClass().getSimpleName() + " (its toString() threw " + e + ")";
    }
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }
}
