package dev.chapter20.benchmarks.workloads;

import java.io.Serializable;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A task that answers with the PID of the worker JVM that ran it: how {@link PoolStartWorkload}
 * tells that both workers of a new pool have answered, not one worker twice.
 *
 * <p>A worker's first such task answers at once. Later ones wait 2 ms first, so that while the
 * other worker is still starting, the asking goes on at a few hundred round trips per second
 * instead of taking a core from the JVM that is starting. {@code chapter_workloads.py}'s {@code
 * worker_pid} does the same.
 *
 * <p><b>Threading:</b> runs in a worker JVM, one task at a time; the flag is an atomic anyway.
 */
public record WorkerPid() implements Callable<Long>, Serializable {

  private static final AtomicBoolean ANSWERED = new AtomicBoolean();

  @Override
  public Long call() throws InterruptedException {
    if (ANSWERED.getAndSet(true)) {
      Thread.sleep(2);
    }
    return ProcessHandle.current().pid();
  }
}
