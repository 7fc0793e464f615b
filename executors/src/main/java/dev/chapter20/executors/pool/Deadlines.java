package dev.chapter20.executors.pool;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The timer behind the tasks' timeouts: one daemon thread, {@code pool-timeouts}, started when the
 * first task with a timeout runs. A timeout cancelled because its task answered in time leaves the
 * timer's queue at once, so a million quick tasks with a long timeout hold nothing.
 *
 * <p><b>Threading:</b> thread-safe. What it runs is the pool's own code (a job's {@code timedOut}),
 * never a caller's.
 */
final class Deadlines {

  private ScheduledThreadPoolExecutor timer; // guarded by this; null until the first timeout
  private boolean closed; // guarded by this

  /** Runs {@code job}'s {@code timedOut} once its timeout has passed, unless cancelled first. */
  synchronized ScheduledFuture<?> start(Job<?> job) {
    if (closed) {
      return null; // the pool has terminated: nothing runs any more
    }
    if (timer == null) {
      timer =
          new ScheduledThreadPoolExecutor(
              1, Thread.ofPlatform().daemon().name("pool-timeouts").factory());
      timer.setRemoveOnCancelPolicy(true);
    }
    return timer.schedule(job::timedOut, job.timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Stops the timer thread, if there is one. */
  synchronized void close() {
    closed = true;
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
