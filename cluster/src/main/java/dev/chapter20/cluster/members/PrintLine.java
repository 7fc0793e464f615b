package dev.chapter20.cluster.members;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A task that prints one line on its member's standard output: a marker for {@link LocalCluster}.
 *
 * <p><b>Threading:</b> immutable; runs on a thread of a member's executor.
 */
record PrintLine(String line) implements Callable<Boolean>, Serializable {

  @Override
  public Boolean call() {
    System.out.println(line);
    return true;
  }
}
