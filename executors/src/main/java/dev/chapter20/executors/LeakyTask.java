package dev.chapter20.executors;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * A task that leaks: each run leaves a megabyte in a static list of its worker JVM, the kind of
 * slow leak a library can have. Returns its worker's PID and how many megabytes that JVM now holds.
 *
 * <p><b>Threading:</b> runs in whichever worker JVM takes it, one task at a time there; the list is
 * that JVM's own.
 */
public record LeakyTask() implements Callable<String>, Serializable {

  private static final List<byte[]> LEAKED = new ArrayList<>();

  @Override
  public String call() {
    LEAKED.add(new byte[1 << 20]);
    return "pid " + ProcessHandle.current().pid() + " holds " + LEAKED.size() + " MB";
  }
}
