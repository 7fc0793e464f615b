package dev.chapter20.executors.pool;

/**
 * The worker JVM running a task ended before it answered: the task called {@code System.exit},
 * crashed the JVM, was killed, or the worker broke the pool's protocol and was stopped. The message
 * names the worker, its PID, the task, and how the JVM ended (exit code, last line of standard
 * error).
 *
 * <p>Python raises {@code BrokenProcessPool} for this and gives up on the whole pool. A {@link
 * ProcessPoolExecutor} fails only the task that was running, and starts a new worker in its place.
 * A task that had been sent to a worker that was already gone is not blamed: it runs on another.
 */
public final class WorkerDiedException extends Exception {

  private static final long serialVersionUID = 1L;

  WorkerDiedException(String message, Throwable cause) {
    super(message, cause);
  }
}
