package dev.chapter20.executors.pool;

import dev.chapter20.executors.pool.wire.Reply;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * A task on its way through a {@link ProcessPoolExecutor}: the task, its serialized bytes, and the
 * future its reply completes.
 *
 * <p>{@code outcome} is the pool's own future: only the waiters of {@code get()} depend on it,
 * never a caller's callback. Its methods here complete it, then tell the caller's {@link
 * TaskFuture}, which completes itself on the callback executor.
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
  final Duration timeout; // how long it may run once sent to a worker; null: as long as it takes
  private final T runnableResult;
  private TaskFuture<T> follower; // set before the job is queued; null for none
  volatile Runner runningOn; // the worker's slot, from the write of the job to its reply
  long dueAt; // System.nanoTime() of its deadline; set before Deadlines' set publishes it

  /** What runs a job: a worker's slot, which can stop it by killing the worker. */
  interface Runner {
    /** Kills the worker if it is still running {@code job}, after {@code ending} the job. */
    void stop(Job<?> job, Runnable ending);
  }

  /** A job for {@code task} ({@code Callable} or {@code Runnable}) already serialized to bytes. */
  Job(Object task, byte[] bytes, T runnableResult, Duration timeout) {
    this.task = task;
    this.bytes = bytes;
    this.runnableResult = runnableResult;
    this.timeout = timeout;
  }

  /** Stops the task if a worker runs it (cancel(true)): its worker is killed and replaced. */
  void stopIfRunning() {
    Runner runner = runningOn;
    if (runner != null) {
      runner.stop(this, () -> {});
    }
  }

  /** Fails the task with a {@link TimeoutException} and kills its worker, if it still runs. */
  void timedOut() {
    Runner runner = runningOn;
    if (runner != null) {
      runner.stop(
          this,
          () ->
              fail(
                  new TimeoutException(
                      this
                          + " ran longer than its timeout of "
                          + timeout
                          + "; its worker was killed")));
    }
  }

  /** Makes {@code future} follow this job's outcome; called before the job is queued. */
  void followedBy(TaskFuture<T> future) {
    follower = future;
  }

  /** Completes the future with what the worker sent back. */
  @SuppressWarnings("unchecked") // the worker ran this job's task, whose result is a T
  void complete(Reply reply) {
    if (reply.failure() != null) {
      fail(reply.failure());
    } else {
      succeed(task instanceof Callable<?> ? (T) reply.value() : runnableResult);
    }
  }

  void succeed(T value) {
    ended(outcome.complete(value));
  }

  void fail(Throwable failure) {
    ended(outcome.completeExceptionally(failure));
  }

  void cancel() {
    ended(outcome.cancel(false));
  }

  /** Tells the caller's future, once: it completes itself off this thread. */
  private void ended(boolean now) {
    if (now && follower != null) {
      follower.outcomeReady();
    }
  }

  /** Runs the task here, in the caller's thread, and completes the future. */
  @Override
  @SuppressWarnings("unchecked") // a Callable given to submit(Callable<T>) returns a T
  public void run() {
    try {
      if (task instanceof Callable<?> callable) {
        succeed((T) callable.call());
      } else {
        ((Runnable) task).run();
        succeed(runnableResult);
      }
    } catch (Throwable e) {
      fail(e);
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
