package dev.chapter20.common.process;

import dev.chapter20.common.LineSink;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A running child JVM started by {@link JvmLauncher}: its PID, its pipes, and waiting for it.
 *
 * <p>Python's {@code Process.join()} waits forever; here every wait has a timeout, and a child that
 * overruns it is destroyed. A child that exits with a non-zero code becomes a {@link
 * ChildJvmException} naming its PID, its exit code and the last line of its standard error.
 *
 * <p>No child outlives its parent: {@link #close()} destroys a child that is still running (use
 * try-with-resources), a shutdown hook destroys every child still running when this JVM exits, and
 * {@link ChildRuntime} makes a child exit when this JVM is killed outright.
 *
 * <p><b>Threading:</b> thread-safe. Standard error is always drained by a daemon thread of its own
 * (a platform thread: a read from a pipe holds an OS thread even in a virtual thread, and the first
 * virtual thread of a JVM costs tens of milliseconds to set up), so a child that writes much to it
 * never blocks on a full pipe; {@link #relayStdout} reads standard output on another. {@link
 * #waitFor} returns after both readers have seen the end of their stream, so every line the child
 * wrote has been passed on by then.
 */
public final class ChildJvm implements AutoCloseable {

  private static final int STDERR_TAIL_LINES = 20;

  /** The longest line passed on whole; longer ones are passed on in pieces of this length. */
  private static final int MAX_LINE = 8192;

  private static final Duration DESTROY_GRACE = Duration.ofSeconds(5);

  /** Every child of this JVM still running, for the shutdown hook. */
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> RUNNING.forEach(Process::destroyForcibly), "child-jvm-reaper"));
  }

  private final String name;
  private final Process process;
  private final Deque<String> stderrTail = new ArrayDeque<>();
  private final List<Thread> readers = new ArrayList<>();

  private ChildJvm(String name, Process process) {
    this.name = name;
    this.process = process;
  }

  /** Wraps a just-started process; drains its standard error unless it goes to the console. */
  static ChildJvm started(String name, Process process, boolean stderrPiped, LineSink stderrSink) {
    RUNNING.add(process);
    process.onExit().thenRun(() -> RUNNING.remove(process));
    ChildJvm child = new ChildJvm(name, process);
    if (stderrPiped) {
      child.readLines(process.getErrorStream(), "stderr", child.keepInTail(stderrSink));
    }
    return child;
  }

  /** Returns the name given at launch, for messages. */
  public String name() {
    return name;
  }

  /** Returns the operating system's process ID of the child. */
  public long pid() {
    return process.pid();
  }

  /** Returns the child's standard input: what the parent writes here, the child reads. */
  public OutputStream stdin() {
    return process.getOutputStream();
  }

  /** Returns the child's standard output: what the child writes, the parent reads here. */
  public InputStream stdout() {
    return process.getInputStream();
  }

  /** Returns whether the child is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Reads the child's standard output as UTF-8 lines on a daemon thread named after the child,
   * passing each line to {@code sink}. Call it at most once, and not together with {@link
   * #stdout()}.
   */
  public void relayStdout(LineSink sink) {
    readLines(process.getInputStream(), "stdout", sink);
  }

  /**
   * Waits for the child to exit and returns its exit code.
   *
   * @throws ChildJvmException if it is still running after {@code timeout}; it has been destroyed
   */
  public int waitFor(Duration timeout) throws InterruptedException, ChildJvmException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      close();
      throw failure(
          "did not finish within " + timeout.toSeconds() + " s and was destroyed",
          ChildJvmException.TIMED_OUT);
    }
    List<Thread> started;
    synchronized (readers) {
      started = List.copyOf(readers);
    }
    for (Thread reader : started) {
      reader.join(DESTROY_GRACE); // the pipes close with the process; its last lines arrive now
    }
    return process.exitValue();
  }

  /**
   * Waits for the child to exit and checks that it succeeded.
   *
   * @throws ChildJvmException if it exited with a non-zero code, or ran past {@code timeout}
   */
  public void waitForSuccess(Duration timeout) throws InterruptedException, ChildJvmException {
    int exitCode = waitFor(timeout);
    if (exitCode != 0) {
      throw failure("exited with code " + exitCode, exitCode);
    }
  }

  /** Returns the last lines the child wrote to standard error, oldest first. */
  public List<String> stderrTail() {
    synchronized (stderrTail) {
      return List.copyOf(stderrTail);
    }
  }

  /** Describes the child for messages: {@code producer (pid 4242)}. */
  @Override
  public String toString() {
    return name + " (pid " + pid() + ")";
  }

  /**
   * Waits up to {@code timeout} for the child to exit; returns whether it has. Unlike {@link
   * #waitFor}, it neither destroys the child nor waits for its output to be relayed.
   */
  public boolean awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Returns the processes the child has started, and theirs, now running: a snapshot to destroy
   * once the child has ended, when they are no longer its descendants (they were re-parented).
   */
  public List<ProcessHandle> descendants() {
    return process.isAlive() ? process.descendants().toList() : List.of();
  }

  /**
   * Destroys the child and the processes it started (those running now: best effort) if it is still
   * running, and waits for it to be gone. Does nothing to a child that has exited.
   */
  @Override
  public void close() {
    if (process.isAlive()) {
      List<ProcessHandle> started = descendants();
      process.destroyForcibly();
      started.forEach(ProcessHandle::destroyForcibly);
      try {
        process.waitFor(DESTROY_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Builds the exception for a failed child: what happened, then its last stderr line. */
  ChildJvmException failure(String what, int exitCode) {
    String lastLine = lastStderrLines(1);
    String message = this + " " + what + (lastLine.isEmpty() ? "" : ": " + lastLine);
    return new ChildJvmException(message, pid(), exitCode, stderrTail());
  }

  /**
   * Returns the last {@code count} non-blank lines the child wrote to standard error, joined with "
   * / ": the line that says why it failed, or, for a JVM that would not start, the few that do.
   */
  public String lastStderrLines(int count) {
    List<String> said = stderrTail().stream().filter(line -> !line.isBlank()).toList();
    return String.join(" / ", said.subList(Math.max(0, said.size() - count), said.size()));
  }

  private LineSink keepInTail(LineSink next) {
    return line -> {
      synchronized (stderrTail) {
        if (stderrTail.size() == STDERR_TAIL_LINES) {
          stderrTail.removeFirst();
        }
        stderrTail.addLast(line);
      }
      if (next != null) {
        next.println(line);
      }
    };
  }

  private void readLines(InputStream stream, String which, LineSink sink) {
    Thread reader =
        Thread.ofPlatform()
            .daemon()
            .name(name + "-" + which)
            .start(
                () -> {
                  try (Reader text = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
                    relayLines(text, sink);
                  } catch (IOException e) {
                    // The stream was closed under us: the child was destroyed. Nothing to relay.
                  }
                });
    synchronized (readers) {
      readers.add(reader);
    }
  }

  /**
   * Passes each line of {@code text} to {@code sink}. A line longer than {@link #MAX_LINE}
   * characters (a child printing binary, or a huge line) is passed on in pieces, so that memory
   * stays bounded; bytes that are not UTF-8 arrive as U+FFFD. A sink that throws loses that line,
   * not the rest: the pipe must be drained, or the child blocks when it fills.
   */
  private static void relayLines(Reader text, LineSink sink) throws IOException {
    StringBuilder line = new StringBuilder();
    char[] buffer = new char[8192];
    boolean afterReturn = false;
    for (int count = text.read(buffer); count >= 0; count = text.read(buffer)) {
      for (int i = 0; i < count; i++) {
        char c = buffer[i];
        if (c == '\n' && afterReturn) {
          afterReturn = false; // the \n of a \r\n: the line was passed on at the \r
          continue;
        }
        afterReturn = c == '\r';
        if (c == '\n' || c == '\r') {
          pass(line, sink);
        } else {
          line.append(c);
          if (line.length() == MAX_LINE) {
            pass(line, sink);
          }
        }
      }
    }
    if (!line.isEmpty()) {
      pass(line, sink);
    }
  }

  private static void pass(StringBuilder line, LineSink sink) {
    String text = line.toString();
    line.setLength(0);
    try {
      sink.println(text);
    } catch (RuntimeException e) {
      // the sink's own failure; keep draining
    }
  }
}
