package dev.chapter20.executors.pool;

import dev.chapter20.executors.pool.wire.AllowList;
import dev.chapter20.executors.pool.wire.MessageLimits;

/**
 * A task ran in a worker JVM, but what it returned or threw could not travel back as itself: it is
 * not serializable, not on the {@link AllowList}, or over the {@link MessageLimits}. The message
 * says what it was and why it could not travel; for a failure, the stack trace is the original's,
 * taken in the worker.
 */
public final class RemoteTaskException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Stands in for {@code failure}: its type and message, why it could not travel, its stack. */
  RemoteTaskException(Throwable failure, String why) {
    super(failure + " (it could not travel back as itself: " + why + ")");
    setStackTrace(failure.getStackTrace());
  }

  /** Reports a reply that could not travel, or could not be read. */
  RemoteTaskException(String message, Throwable cause) {
    super(message, cause);
  }
}
