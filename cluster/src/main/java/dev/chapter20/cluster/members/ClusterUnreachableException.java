package dev.chapter20.cluster.members;

import java.io.IOException;

/** No member of the cluster answered at the addresses given, within the time allowed. */
public final class ClusterUnreachableException extends IOException {

  private static final long serialVersionUID = 1L;

  ClusterUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
