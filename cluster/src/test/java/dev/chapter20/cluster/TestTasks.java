package dev.chapter20.cluster;

import java.io.Serializable;
import java.util.concurrent.Callable;

/** Tasks for the tests. */
final class TestTasks {

  private TestTasks() {}

  /** Returns the PID of the process it runs in. */
  record Pid() implements Callable<Long>, Serializable {
    @Override
    public Long call() {
      return ProcessHandle.current().pid();
    }
  }
}
