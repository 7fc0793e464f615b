package dev.chapter20.common.process;

import java.io.IOException;
import java.util.List;

/**
 * A child JVM failed: it exited with a non-zero code, or did not finish in time and was destroyed.
 *
 * <p>The message is one line naming the child, its PID and what happened, followed by the last line
 * it wrote to standard error; {@link #stderrTail()} has more of it for debugging.
 */
public final class ChildJvmException extends IOException {

  private static final long serialVersionUID = 1L;

  /** The exit code a child reports when it was destroyed for taking too long. */
  public static final int TIMED_OUT = -1;

  private final long pid;
  private final int exitCode;
  private final transient List<String> stderrTail;

  ChildJvmException(String message, long pid, int exitCode, List<String> stderrTail) {
    super(message);
    this.pid = pid;
    this.exitCode = exitCode;
    this.stderrTail = List.copyOf(stderrTail);
  }

  /** Returns the PID of the child that failed. */
  public long pid() {
    return pid;
  }

  /** Returns the child's exit code, or {@link #TIMED_OUT}. */
  public int exitCode() {
    return exitCode;
  }

  /** Returns the last lines the child wrote to standard error, oldest first. */
  public List<String> stderrTail() {
    return stderrTail;
  }
}
