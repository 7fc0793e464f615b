package dev.chapter20.executors;

/**
 * A task failed in a worker JVM with an exception that could not travel back as itself (it, or
 * something it holds, is not serializable or not on the {@link AllowList}). It carries the
 * original's type and message in its own message, and the original's stack trace, taken in the
 * worker, as its own.
 */
public final class RemoteTaskException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Copies {@code failure}'s type, message and stack trace. */
  RemoteTaskException(Throwable failure) {
    super(failure.toString());
    setStackTrace(failure.getStackTrace());
  }

  /** Reports a task whose result could not travel back. */
  RemoteTaskException(String message) {
    super(message);
  }
}
