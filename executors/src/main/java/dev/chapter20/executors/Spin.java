package dev.chapter20.executors;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A task that never ends and ignores interrupts: the kind {@code cancel(true)} cannot stop in a
 * thread pool.
 *
 * <p><b>Threading:</b> immutable; spins in whichever worker JVM takes it.
 */
public record Spin() implements Callable<Long>, Serializable {

  @Override
  public Long call() {
    long turns = 0;
    while (turns >= 0) { // forever, for all the compiler can tell
      turns++;
      Thread.onSpinWait();
    }
    return turns;
  }
}
