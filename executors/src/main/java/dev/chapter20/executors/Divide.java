package dev.chapter20.executors;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A task that divides, and fails in its worker with {@link ArithmeticException} on a zero.
 *
 * <p><b>Threading:</b> immutable; runs in whichever worker JVM takes it.
 */
public record Divide(int dividend, int divisor) implements Callable<Integer>, Serializable {

  @Override
  public Integer call() {
    return dividend / divisor;
  }
}
