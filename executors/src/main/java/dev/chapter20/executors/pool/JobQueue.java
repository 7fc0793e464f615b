package dev.chapter20.executors.pool;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SequencedSet;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pool's scheduler: its queue of jobs, its idle workers, and its run state, behind one lock. A
 * job submitted while a worker is idle goes straight to that worker, sent by the caller's thread;
 * otherwise it waits in the queue, and a worker that finishes a job takes the next one.
 *
 * <p>Why the caller sends, rather than a worker's thread taking jobs from the queue, as the threads
 * of the JDK's {@code ThreadPoolExecutor} do: that costs one more thread wake-up per task. On the
 * 2-core VM, a round trip took 60 to 110 us that way, against 17 to 26 us with the caller sending
 * (the same run, both builds). Idle workers are a stack: the one that finished last goes first, its
 * JVM likely still polling for its next task.
 *
 * <p>The run state moves one way: running, then shut down (no new jobs; the queued ones still run;
 * an idle worker is told to stop), and possibly stopped (shut down, and the queue emptied: {@code
 * shutdownNow}, or a pool that broke because a worker JVM could not be started).
 *
 * <p><b>Threading:</b> thread-safe; {@code lock} guards every field. No future completes and no job
 * is sent under the lock: callers do that with what these methods return.
 *
 * @param <W> an idle worker: what a caller needs to send it a job
 */
final class JobQueue<W> {

  /** Not a job: tells a worker to stop. */
  static final Job<Void> STOP = new Job<>("stop", new byte[0], null, null);

  private static final int CORES = Runtime.getRuntime().availableProcessors();

  private final ReentrantLock lock = new ReentrantLock();
  private final SequencedSet<Job<?>> jobs = new LinkedHashSet<>(); // in order, removable at once
  private final Deque<W> idle = new ArrayDeque<>(); // a stack
  private final int workers;
  private volatile int busy; // workers not idle: running a job or starting; read without the lock
  private boolean shutDown;
  private String stopReason; // set once stopped: why no job can run

  JobQueue(int workers) {
    this.workers = workers;
    this.busy = workers;
  }

  /**
   * Gives {@code job} to an idle worker, which the caller must then send it to; or queues it, and
   * returns null.
   *
   * @throws RejectedExecutionException if the pool is shut down; the message says why
   */
  W put(Job<?> job) {
    lock.lock();
    try {
      if (shutDown) {
        throw new RejectedExecutionException(
            stopReason != null ? stopReason : "the pool is shut down");
      }
      return handOut(job, false);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Like {@link #put}, for a job that could not be sent (the worker it was given to had died): it
   * goes first in line, even after shutdown. Returns null, having cancelled the job, if the pool
   * has stopped.
   */
  W putBack(Job<?> job) {
    lock.lock();
    try {
      if (stopReason == null) {
        return handOut(job, true);
      }
    } finally {
      lock.unlock();
    }
    job.cancel();
    return null;
  }

  private W handOut(Job<?> job, boolean first) {
    W worker = idle.pollFirst();
    if (worker != null) {
      busy = workers - idle.size();
      return worker;
    }
    if (first) {
      jobs.addFirst(job);
    } else {
      jobs.addLast(job);
    }
    return null;
  }

  /**
   * Returns the next job for {@code worker}, which has finished its last one (or just started): a
   * job to send it, {@link #STOP} once the pool is shut down and nothing is left, or null after
   * putting it on the idle stack.
   */
  Job<?> next(W worker) {
    lock.lock();
    try {
      if (!jobs.isEmpty()) {
        return jobs.removeFirst();
      }
      if (shutDown) {
        return STOP;
      }
      idle.push(worker);
      busy = workers - idle.size();
      return null;
    } finally {
      lock.unlock();
    }
  }

  /** Takes a worker whose JVM ended off the idle stack, so that no one sends it a job. */
  void leave(W worker) {
    lock.lock();
    try {
      idle.remove(worker);
      busy = workers - idle.size();
    } finally {
      lock.unlock();
    }
  }

  /** Takes {@code job} out of the queue, if it is still there: it was cancelled. */
  void remove(Job<?> job) {
    lock.lock();
    try {
      jobs.remove(job);
    } finally {
      lock.unlock();
    }
  }

  /** Refuses new jobs; returns the idle workers, which the caller must tell to stop. */
  List<W> shutdown() {
    lock.lock();
    try {
      shutDown = true;
      return takeIdle();
    } finally {
      lock.unlock();
    }
  }

  /** What {@link #stop} took: the jobs that never ran, and the idle workers. */
  record Stopped<W>(List<Job<?>> jobs, List<W> idle) {}

  /**
   * Refuses new jobs, for {@code reason}, and empties the queue; returns what it held. Only the
   * first call stops the pool; later ones return nothing.
   */
  Stopped<W> stop(String reason) {
    lock.lock();
    try {
      shutDown = true;
      if (stopReason != null) {
        return new Stopped<>(List.of(), List.of());
      }
      stopReason = reason;
      List<Job<?>> left = new ArrayList<>(jobs);
      jobs.clear();
      return new Stopped<>(left, takeIdle());
    } finally {
      lock.unlock();
    }
  }

  private List<W> takeIdle() {
    List<W> taken = new ArrayList<>(idle);
    idle.clear();
    busy = workers;
    return taken;
  }

  boolean isShutDown() {
    lock.lock();
    try {
      return shutDown;
    } finally {
      lock.unlock();
    }
  }

  /** Returns whether a worker whose JVM ended should get another: jobs may still come or wait. */
  boolean needsWorkers() {
    lock.lock();
    try {
      return stopReason == null && (!shutDown || !jobs.isEmpty());
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns whether fewer workers are busy than there are cores, so that a thread may poll while it
   * waits for a reply without taking a core from a worker that computes.
   */
  boolean worthSpinning() {
    return busy < CORES;
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "queued="
          + jobs.size()
          + ", idle="
          + idle.size()
          + ", "
          + (stopReason != null ? "stopped" : shutDown ? "shut down" : "running");
    } finally {
      lock.unlock();
    }
  }
}
