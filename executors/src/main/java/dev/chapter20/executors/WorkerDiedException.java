package dev.chapter20.executors;

/**
 * The worker JVM running a task died before it answered: the task called {@code System.exit},
 * crashed the JVM, or the process was killed. Its cause names the worker's PID, exit code and last
 * line of standard error. Python raises {@code BrokenProcessPool} for this and gives up on the
 * whole pool; a {@link ProcessPoolExecutor} fails only the task that was running and starts a new
 * worker in its place.
 */
public final class WorkerDiedException extends Exception {

  private static final long serialVersionUID = 1L;

  WorkerDiedException(String message, Throwable cause) {
    super(message, cause);
  }
}
