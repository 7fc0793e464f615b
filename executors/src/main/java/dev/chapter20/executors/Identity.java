package dev.chapter20.executors;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A task that returns its argument: all the cost of a process-pool task except the work.
 *
 * <p><b>Threading:</b> immutable; runs in whichever worker JVM takes it.
 */
public record Identity(int value) implements Callable<Integer>, Serializable {

  @Override
  public Integer call() {
    return value;
  }
}
