package dev.chapter20.cluster;

import com.hazelcast.nio.serialization.HazelcastSerializationException;
import java.util.concurrent.ExecutionException;

/**
 * Turns what a cluster throws into exceptions whose message is one line a learner can act on.
 *
 * <p><b>Threading:</b> stateless; safe from any thread.
 */
final class ClusterErrors {

  private ClusterErrors() {}

  /**
   * Returns {@code failure} with a one-line message: a task class the members cannot load names the
   * class and the fix; anything else keeps its first line.
   */
  static Exception explain(Exception failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ClassNotFoundException missing) {
        return new IllegalStateException(
            "a member cannot load the task class "
                + missing.getMessage()
                + ": start members with the same class path as this client (see the README)",
            failure);
      }
    }
    Throwable shown =
        failure instanceof ExecutionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    String message =
        shown.getMessage() == null ? "" : shown.getMessage().lines().findFirst().orElse("");
    if (shown instanceof HazelcastSerializationException || message.isEmpty()) {
      message = shown.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }
    return failure.getMessage() != null && failure.getMessage().equals(message)
        ? failure
        : new IllegalStateException(message, failure);
  }
}
