package dev.chapter20.executors.pool;

import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where the dependent actions of a pool's futures run: an executor that is never a thread of the
 * pool (see {@code TaskFuture}).
 *
 * <p>A future with dependent actions when its task ends is completed at once, by a task of its own
 * on the executor. One without any is completed later, by a sweep every {@value #SWEEP_MILLIS} ms
 * that completes all such futures in one task: most futures are read with {@code get()} and never
 * get a dependent action, and handing each to another thread the moment it ends cost the round trip
 * of a task about a third more, measured on the 2-core VM (every hand-off wakes a thread, which
 * competes for a core with the caller). A dependent action added while the sweep completes its
 * future runs in the sweep; if it blocks, the next sweep, already due, completes the rest.
 *
 * <p><b>Threading:</b> thread-safe. If the executor refuses a task (it was shut down), a thread of
 * its own runs it: never the caller's, which may be one of the pool's.
 */
final class Callbacks implements Executor {

  /**
   * How often the sweep runs while futures wait for it. Every millisecond cost the round trip a few
   * percent more than every ten, measured on the 2-core VM: each sweep wakes two threads.
   */
  static final long SWEEP_MILLIS = 10;

  private final Executor executor;
  private final ExecutorService own; // null: the caller gave the executor
  private final Queue<Runnable> unsettled = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean sweepDue = new AtomicBoolean();
  private final Executor later;

  /**
   * Runs callbacks on {@code executor}, or, if it is null, on a cached pool of daemon threads named
   * {@code pool-callback-N}, which {@link #close} shuts down.
   */
  Callbacks(Executor executor) {
    this.own =
        executor != null
            ? null
            : Executors.newCachedThreadPool(
                Thread.ofPlatform().daemon().name("pool-callback-", 1).factory());
    this.executor = executor != null ? executor : own;
    this.later = CompletableFuture.delayedExecutor(SWEEP_MILLIS, TimeUnit.MILLISECONDS, this);
  }

  @Override
  public void execute(Runnable task) {
    try {
      executor.execute(task);
    } catch (RuntimeException e) {
      Thread.ofPlatform().daemon().name("pool-callback").start(task);
    }
  }

  /**
   * Hands a failure (not a cancellation) to the uncaught-exception handler of this thread: how a
   * failed {@code execute} is reported, as a JDK pool reports it on its worker thread.
   */
  static void reportFailure(Object result, Throwable failure) {
    if (failure != null && !(failure instanceof CancellationException)) {
      Thread thread = Thread.currentThread();
      thread.getUncaughtExceptionHandler().uncaughtException(thread, failure);
    }
  }

  /** Shuts down the executor, if it is this object's own; later callbacks get threads of theirs. */
  void close() {
    if (own != null) {
      own.shutdown();
    }
  }

  /** Runs {@code settle}, which completes a future whose task has ended, soon, on the executor. */
  void later(Runnable settle) {
    unsettled.add(settle);
    if (sweepDue.compareAndSet(false, true)) {
      later.execute(this::sweep);
    }
  }

  /** Completes each future still waiting; the next sweep is due before each, in case one blocks. */
  private void sweep() {
    sweepDue.set(false);
    for (Runnable settle = unsettled.poll(); settle != null; settle = unsettled.poll()) {
      if (!unsettled.isEmpty() && sweepDue.compareAndSet(false, true)) {
        later.execute(this::sweep);
      }
      settle.run();
    }
  }
}
