package dev.chapter20.executors.pool;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The timer behind the tasks' timeouts: one daemon thread, {@code pool-timeouts}, started when the
 * first task with a timeout runs.
 *
 * <p><b>Why not one timer entry per task.</b> Scheduling each task's timeout puts it at the head of
 * the timer's queue, which wakes the timer thread, and a wake-up costs tens of microseconds on a
 * small machine: measured, it more than doubled a round trip. Instead the running jobs that have a
 * timeout sit in a set (at most one per worker), and the timer wakes only for the earliest deadline
 * among them: a task whose deadline comes after the next wake-up, as most do, costs one set entry
 * and no wake-up. At the wake-up, the jobs past their deadline time out and the timer is set for
 * the earliest of the rest. A job that answered in time has left the set, so a million quick tasks
 * with a long timeout hold nothing.
 *
 * <p><b>Threading:</b> thread-safe. What it runs is the pool's own code (a job's {@code timedOut}),
 * never a caller's, and never under this object's lock.
 */
final class Deadlines {

  private final Set<Job<?>> running = ConcurrentHashMap.newKeySet(); // sent, with a timeout

  private ScheduledThreadPoolExecutor timer; // guarded by this; null until the first timeout
  private ScheduledFuture<?> wakeUp; // guarded by this; the next check, null when none is set
  private long wakeUpAt; // guarded by this; System.nanoTime() of wakeUp
  private boolean closed; // guarded by this

  /** {@code job}, which has a timeout, was just sent to its worker: its deadline starts now. */
  void start(Job<?> job) {
    long due = System.nanoTime() + job.timeout.toNanos();
    job.dueAt = due;
    running.add(job);
    wakeUpBy(due);
  }

  /** {@code job} answered, or its worker died: its timeout no longer matters. */
  void finished(Job<?> job) {
    running.remove(job);
  }

  /** Makes sure the timer wakes at {@code due} or before. */
  private synchronized void wakeUpBy(long due) {
    if (closed || (wakeUp != null && wakeUpAt - due <= 0)) {
      return; // nothing runs any more, or the timer wakes in time already
    }
    if (timer == null) {
      timer =
          new ScheduledThreadPoolExecutor(
              1, Thread.ofPlatform().daemon().name("pool-timeouts").factory());
      timer.setRemoveOnCancelPolicy(true);
    }
    if (wakeUp != null) {
      wakeUp.cancel(false);
    }
    wakeUpAt = due;
    wakeUp = timer.schedule(this::check, due - System.nanoTime(), TimeUnit.NANOSECONDS);
  }

  /** On the timer thread: times out the jobs past their deadline, then waits for the next. */
  private void check() {
    synchronized (this) {
      wakeUp = null; // from here on, a job that starts sets its own wake-up
    }
    long now = System.nanoTime();
    long next = 0;
    boolean more = false;
    for (Job<?> job : running) {
      long due = job.dueAt;
      if (due - now <= 0) {
        running.remove(job);
        job.timedOut(); // kills its worker if the job still runs there
      } else if (!more || due - next < 0) {
        next = due;
        more = true;
      }
    }
    if (more) {
      wakeUpBy(next);
    }
  }

  /** Stops the timer thread, if there is one. */
  synchronized void close() {
    closed = true;
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
