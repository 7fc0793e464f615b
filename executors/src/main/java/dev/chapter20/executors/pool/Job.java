package dev.chapter20.executors.pool;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * A task on its way through a {@link ProcessPoolExecutor}: the task, its serialized bytes, and the
 * future its reply completes.
 *
 * <p>A job is also the {@code Runnable} that {@link ProcessPoolExecutor#shutdownNow()} returns for
 * a task that never ran: running it runs the task in the caller's thread and completes the future.
 *
 * <p><b>Threading:</b> immutable but for its future, which is thread-safe and completes once.
 */
final class Job<T> implements Runnable {

  /** Not a task: tells a worker's reply loop that the pool is done with it. */
  static final Job<Void> STOP = new Job<>("stop", new byte[0], null);

  final Object task;
  final byte[] bytes;
  final CompletableFuture<T> future = new CompletableFuture<>();
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
      future.completeExceptionally(reply.failure());
    } else {
      future.complete(task instanceof Callable<?> ? (T) reply.value() : runnableResult);
    }
  }

  /** Runs the task here, in the caller's thread, and completes the future. */
  @Override
  @SuppressWarnings("unchecked") // a Callable given to submit(Callable<T>) returns a T
  public void run() {
    try {
      if (task instanceof Callable<?> callable) {
        future.complete((T) callable.call());
      } else {
        ((Runnable) task).run();
        future.complete(runnableResult);
      }
    } catch (Throwable e) {
      future.completeExceptionally(e);
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
