package dev.chapter20.executors;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A task that squares a number and says which process did it: the smallest task that travels.
 *
 * <p><b>Threading:</b> immutable; runs in whichever worker JVM takes it.
 */
public record Square(int x) implements Callable<String>, Serializable {

  @Override
  public String call() {
    return x + " squared is " + x * x + " (pid " + ProcessHandle.current().pid() + ")";
  }
}
