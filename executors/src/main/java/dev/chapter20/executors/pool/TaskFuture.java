package dev.chapter20.executors.pool;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The future {@link ProcessPoolExecutor#submit} returns: a {@link CompletableFuture} whose {@code
 * get()} returns as soon as the pool's thread has the reply, and whose dependent actions ({@code
 * thenApply}, {@code whenComplete}, ..., and those of {@code allOf}, {@code thenCombine} and the
 * like) never run on a thread of the pool: they run on its callback executor.
 *
 * <p>Why it takes a class: a {@code CompletableFuture} runs the dependent actions registered before
 * it completes on the thread that completes it. If the pool's thread completed it, a callback that
 * blocks would block the pool (a callback that submits a task and waits for it could wait forever),
 * and one that calls {@code close()} would wait for its own thread to end. The JDK's {@code
 * HttpClient} had the same problem and answer (JDK-8204339): complete the caller's future from an
 * executor. So the pool completes a future of its own, {@code outcome}, which only waiters depend
 * on; {@code get()}, {@code join()} and {@code isDone()} read it, so they wake without a hand-off;
 * and this future is completed from it on the callback executor ({@link Callbacks}), which runs the
 * dependent actions: at once for those added before the task ended; within {@value
 * Callbacks#SWEEP_MILLIS} ms for one added after (after that, at once on the thread that adds it,
 * as usual).
 *
 * <p>What the caller does to the future ({@code complete}, {@code cancel}) happens to both at once,
 * on the caller's thread, which then runs the dependent actions. {@code obtrudeValue} and {@code
 * obtrudeException} are not supported.
 *
 * <p><b>Threading:</b> thread-safe. The pool's threads complete {@code outcome} only, through its
 * {@link Job}, which then calls {@link #outcomeReady}. (Not a dependent action of {@code outcome}:
 * a thread woken from {@code get()} helps run those, and would race the pool's thread for them.)
 */
final class TaskFuture<T> extends CompletableFuture<T> implements Runnable {

  private final Job<T> job;
  private final CompletableFuture<T> outcome;
  private final Callbacks callbacks;
  private final Cancelled onCancel;

  /** Hears that the caller cancelled a job's future. */
  interface Cancelled {
    /**
     * {@code job} was cancelled; {@code stop}: with {@code cancel(true)}, so stop it if it runs.
     */
    void cancelled(Job<?> job, boolean stop);
  }

  /**
   * A future that follows {@code job}'s outcome on {@code callbacks}; {@code cancelled} hears of
   * the job once the caller has cancelled it.
   */
  TaskFuture(Job<T> job, Callbacks callbacks, Cancelled cancelled) {
    this.job = job;
    this.outcome = job.outcome;
    this.callbacks = callbacks;
    this.onCancel = cancelled;
    job.followedBy(this);
  }

  /**
   * Hears that {@code outcome} has completed, on the thread that completed it, often the pool's:
   * runs no dependent action there.
   */
  void outcomeReady() {
    if (getNumberOfDependents() > 0) {
      callbacks.execute(this);
    } else {
      callbacks.later(this);
    }
  }

  /** Settles this future: what the callback executor runs. */
  @Override
  public void run() {
    settle();
  }

  /** Completes this future as {@code outcome} completed; its dependent actions run here. */
  void settle() {
    switch (outcome.state()) {
      case SUCCESS -> super.complete(outcome.resultNow());
      case FAILED -> super.completeExceptionally(outcome.exceptionNow());
      case CANCELLED -> super.completeExceptionally(new CancellationException());
      case RUNNING -> throw new IllegalStateException("settled before its outcome");
    }
  }

  @Override
  public T get() throws InterruptedException, ExecutionException {
    return outcome.get();
  }

  @Override
  public T get(long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    return outcome.get(timeout, unit);
  }

  @Override
  public T join() {
    return outcome.join();
  }

  @Override
  public T getNow(T valueIfAbsent) {
    return outcome.getNow(valueIfAbsent);
  }

  @Override
  public T resultNow() {
    return outcome.resultNow();
  }

  @Override
  public Throwable exceptionNow() {
    return outcome.exceptionNow();
  }

  @Override
  public State state() {
    return outcome.state();
  }

  @Override
  public boolean isDone() {
    return outcome.isDone();
  }

  @Override
  public boolean isCancelled() {
    return outcome.isCancelled();
  }

  @Override
  public boolean isCompletedExceptionally() {
    return outcome.isCompletedExceptionally();
  }

  @Override
  public boolean complete(T value) {
    boolean completed = outcome.complete(value);
    if (completed) {
      super.complete(value);
    }
    return completed;
  }

  @Override
  public boolean completeExceptionally(Throwable failure) {
    boolean completed = outcome.completeExceptionally(failure);
    if (completed) {
      super.completeExceptionally(failure);
    }
    return completed;
  }

  /**
   * Cancels the task: a task still queued leaves the queue at once and never runs. A running task
   * is stopped if {@code mayInterruptIfRunning}: its worker is killed, and another takes its place
   * (the only way to stop a task in another process); otherwise it runs on, and its result is
   * dropped.
   */
  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = outcome.cancel(mayInterruptIfRunning);
    if (cancelled) {
      super.cancel(mayInterruptIfRunning);
      onCancel.cancelled(job, mayInterruptIfRunning);
    }
    return cancelled || outcome.isCancelled();
  }

  @Override
  public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier, Executor executor) {
    executor.execute(
        () -> {
          try {
            complete(supplier.get());
          } catch (Throwable e) {
            completeExceptionally(e);
          }
        });
    return this;
  }

  @Override
  public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier) {
    return completeAsync(supplier, defaultExecutor());
  }

  /** The callback executor: where the {@code ...Async} methods without an executor run. */
  @Override
  public Executor defaultExecutor() {
    return callbacks;
  }

  /** Not supported: the pool's own future could not follow. */
  @Override
  public void obtrudeValue(T value) {
    throw new UnsupportedOperationException("a pool's future cannot be obtruded");
  }

  /** Not supported: the pool's own future could not follow. */
  @Override
  public void obtrudeException(Throwable failure) {
    throw new UnsupportedOperationException("a pool's future cannot be obtruded");
  }

  @Override
  public String toString() {
    String state = outcome.toString();
    return super.toString().replaceFirst("\\[[^\\[]*\\]$", state.substring(state.lastIndexOf('[')));
  }
}
