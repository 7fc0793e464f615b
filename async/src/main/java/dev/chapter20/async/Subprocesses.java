package dev.chapter20.async;

import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import dev.chapter20.common.process.JvmLauncher;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs three child processes at once and waits for all of them, one with a time limit: Python's
 * {@code asyncio.create_subprocess_exec}, {@code await proc.wait()} under {@code asyncio.wait_for},
 * then {@code proc.kill()}. Beyond the chapter, whose section 20.4 has no processes.
 *
 * <p>What Java does differently: {@link Process#onExit()} is a {@link CompletableFuture} that
 * completes when the child exits, so waiting for several children is composing futures ({@code
 * allOf}, {@code orTimeout}), with no thread of ours blocked in {@code waitFor()}. (The JDK itself
 * waits for each child on a small "process reaper" thread; asyncio's child watcher does the same
 * work.) The children's output is read line by line on virtual threads, as blocking code. A child
 * past its limit is asked to stop ({@link Process#destroy()}: SIGTERM, so its shutdown hooks run)
 * and killed if it has not stopped within a grace period. The children here are small JVMs ({@link
 * TickingChild}) so that the example runs wherever Java does; any command works the same way.
 *
 * <p><b>Threading:</b> the caller starts the children and waits for {@code allOf}; a virtual thread
 * per child relays its output; each exit is reported by a dependent action of {@code onExit()},
 * which JDK 25 completes on the common {@code ForkJoinPool} (JDK 21 to 24 with one common-pool
 * thread: on a new thread), and the time limit fires on {@code CompletableFuture}'s timer thread.
 * Nothing is left running: the readers' executor is closed, and every child is destroyed on the way
 * out, whatever happened.
 */
public final class Subprocesses {

  /** How long the endless child may run before it is stopped. */
  static final Duration LIMIT = Duration.ofSeconds(1);

  /** A safety net for the children that end by themselves: a cold JVM may take a while. */
  private static final Duration SAFETY_LIMIT = Duration.ofSeconds(60);

  /** How long a child asked to stop has before it is killed. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);

  private Subprocesses() {}

  /** Runs the example; returns each child's exit code by name, in the order they were started. */
  public static Map<String, Integer> run(LineSink out) throws IOException {
    List<Process> started = new ArrayList<>();
    Map<String, CompletableFuture<Integer>> exits = new LinkedHashMap<>();
    try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
      try {
        exits.put("quick", start("quick", 3, 20, 0, SAFETY_LIMIT, started, readers, out));
        exits.put("failing", start("failing", 2, 50, 3, SAFETY_LIMIT, started, readers, out));
        exits.put("endless", start("endless", -1, 100, 0, LIMIT, started, readers, out));
        CompletableFuture.allOf(exits.values().toArray(CompletableFuture[]::new)).join();
      } finally {
        started.forEach(Process::destroyForcibly); // no-op for those that exited
      }
    } // waits for the readers, which end when the children's output closes
    Map<String, Integer> codes = new LinkedHashMap<>();
    exits.forEach((name, exit) -> codes.put(name, exit.join()));
    return codes;
  }

  /**
   * Starts one child, relays its output, and returns its exit code, which comes once it has exited
   * or, past {@code limit}, once it has been stopped.
   */
  private static CompletableFuture<Integer> start(
      String name,
      int ticks,
      long pauseMillis,
      int exitCode,
      Duration limit,
      List<Process> started,
      ExecutorService readers,
      LineSink out)
      throws IOException {
    List<String> command =
        JvmLauncher.forMain(TickingChild.class)
            .args(Integer.toString(ticks), Long.toString(pauseMillis), Integer.toString(exitCode))
            .command();
    Process child =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    started.add(child);
    out.println(name + " started, pid " + child.pid());
    AtomicBoolean stopped = new AtomicBoolean();
    readers.execute(() -> relay(name, child, stopped, out));
    return child
        .onExit()
        .orTimeout(limit.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionallyCompose(timeout -> stop(name, child, stopped, limit, out))
        .thenApply(
            ended -> {
              out.println(name + " exited with code " + ended.exitValue());
              return ended.exitValue();
            });
  }

  /** Asks the child to stop, then kills it if it is still there after the grace period. */
  private static CompletableFuture<Process> stop(
      String name, Process child, AtomicBoolean stopped, Duration limit, LineSink out) {
    out.println(name + " still running after " + limit.toMillis() + " ms: destroy()");
    stopped.set(true);
    child.destroy();
    return child
        .onExit()
        .orTimeout(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionallyCompose(
            ignored -> {
              out.println(name + " did not stop: destroyForcibly()");
              child.destroyForcibly();
              return child.onExit();
            });
  }

  /**
   * Reads the child's output as UTF-8 lines until it closes: at the child's exit, or when {@code
   * destroy()} closes this end of the pipe (the JDK does so), losing what the child wrote last.
   */
  private static void relay(String name, Process child, AtomicBoolean stopped, LineSink out) {
    try (BufferedReader lines = child.inputReader(StandardCharsets.UTF_8)) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        out.println(name + ": " + line);
      }
    } catch (IOException e) { // said, not lost: this thread has no caller to throw to
      out.println(
          name
              + (stopped.get()
                  ? ": no more output, destroy() closed the pipe"
                  : ": its output could not be read: " + e.getMessage()));
    }
  }

  public static void main(String[] args) throws IOException {
    run(new Timeline(System.out));
  }
}
