package dev.chapter20.async;

import dev.chapter20.async.support.LocalServer;
import dev.chapter20.common.ExampleMenu;
import dev.chapter20.common.ExampleMenu.Example;
import dev.chapter20.common.Timeline;
import java.io.IOException;
import java.util.List;

/**
 * Runs the examples of section 20.4 (asynchronous programming) in the chapter's order, or one of
 * them by name. The HTTP examples fetch from a server they start on 127.0.0.1 unless given URLs; a
 * URL alone is short for {@code fetch-async <url>}. With no name it runs the quick ones; the
 * measurements ({@code many-sleepers}, {@code parked-cost}) run when named, or with {@code all}.
 *
 * <pre>
 *   ./mvnw -q -pl async -am compile exec:exec
 *   ./mvnw -q -pl async -am compile exec:exec -Dargs="http://127.0.0.1:8000/"
 *   ./mvnw -q -pl async -am compile exec:exec -Dargs="fetch-blocking http://127.0.0.1:8000/"
 * </pre>
 *
 * <p>The quick run also makes one GET of its own on a background thread while the 20.4.1 tasks wait
 * out their pauses, and prints nothing about it. The first use of the JDK's HTTP server, OkHttp and
 * Kotlin loads their classes, about half a second on a small machine; without the warm-up it would
 * fall on the first fetch of 20.4.2, which is about waiting for a server, not for class loading.
 *
 * <p><b>Threading:</b> the examples run one after another on the main thread; each closes what it
 * started (executors, OkHttp clients, servers) before the next begins. The warm-up runs on a daemon
 * platform thread with a server and a client of its own, closed before it ends; class loading is
 * thread-safe, so an example that needs a class the warm-up is loading waits for it.
 */
public final class AsyncMain {

  static final ExampleMenu MENU =
      new ExampleMenu(
          "./mvnw -q -pl async -am compile exec:exec",
          List.of(
              new Example(
                  "two-tasks-cf",
                  "20.4.1",
                  "two tasks whose pauses are timers: CompletableFuture, no thread sleeps",
                  (out, args) -> TwoTasksWithCompletableFuture.run(new Timeline(out))),
              new Example(
                  "two-tasks-virtual",
                  "20.4.1",
                  "the same as blocking code on two virtual threads",
                  (out, args) -> TwoTasksOnVirtualThreads.run(new Timeline(out))),
              new Example(
                      "many-sleepers",
                      "20.4.1",
                      "10,000 and 100,000 pauses at once: virtual threads, timers, platform threads",
                      (out, args) -> ManySleepers.run(out))
                  .measuring(),
              new Example(
                      "parked-cost",
                      "20.4.1",
                      "what one waiting virtual thread costs in heap, before and after the JIT",
                      (out, args) -> ParkedThreadCost.run(out))
                  .measuring(),
              new Example(
                  "fetch-async",
                  "20.4.2",
                  "GET with OkHttp's enqueue, bridged to a CompletableFuture",
                  "[url]",
                  FetchAsync::run),
              new Example(
                  "fetch-blocking",
                  "20.4.2",
                  "GET with OkHttp's blocking execute() on a virtual thread",
                  "[url]",
                  FetchBlocking::run),
              new Example(
                  "fan-out",
                  "20.4.2",
                  "many GETs at once, at most 8 in flight, bodies in input order",
                  "[url...]",
                  FanOut::run),
              new Example(
                  "stalled-server",
                  "20.4.2",
                  "a server that never answers: a per-call timeout, then a cancelled future",
                  (out, args) -> StalledServer.run(out)),
              new Example(
                  "wait-for",
                  "20.4+",
                  "asyncio.wait_for: orTimeout, completeOnTimeout, and get + cancel(true)",
                  (out, args) -> WaitFor.run(new Timeline(out))),
              new Example(
                  "gather-exceptions",
                  "20.4+",
                  "gather(return_exceptions=True): allOf, then handle and exceptionally",
                  (out, args) -> GatherReturnExceptions.run(new Timeline(out))),
              new Example(
                  "queue",
                  "20.4+",
                  "asyncio.Queue: a BlockingQueue between virtual threads, an end marker each",
                  (out, args) -> QueueOfJobs.run(new Timeline(out), 10)),
              new Example(
                  "task-group",
                  "20.4+",
                  "asyncio.TaskGroup by hand: the first failure cancels the other tasks",
                  (out, args) -> TaskGroupByHand.run(new Timeline(out))),
              new Example(
                  "to-thread",
                  "20.4+",
                  "asyncio.to_thread: blocking calls on virtual threads, composed as futures",
                  (out, args) -> ToThread.run(new Timeline(out))),
              new Example(
                  "shared-deadline",
                  "20.4+",
                  "asyncio.timeout(): one time budget shared by several waits",
                  (out, args) -> SharedDeadline.run(new Timeline(out))),
              new Example(
                  "as-completed",
                  "20.4+",
                  "asyncio.as_completed: a completion service over virtual threads",
                  (out, args) -> AsCompletedOnVirtualThreads.run(new Timeline(out))),
              new Example(
                  "lock-event-condition",
                  "20.4+",
                  "asyncio's Lock, Event, Condition: the JDK's own, on 10,000 virtual threads",
                  (out, args) -> LockEventCondition.run(new Timeline(out))),
              new Example(
                  "subprocesses",
                  "20.4+",
                  "create_subprocess_exec: three children at once, onExit futures, a time limit",
                  (out, args) -> Subprocesses.run(new Timeline(out))),
              new Example(
                  "echo-server",
                  "20.4+",
                  "asyncio.start_server and open_connection: a virtual thread per connection",
                  "[connections] [messages]",
                  (out, args) -> EchoClients.example(new Timeline(out), args)),
              new Example(
                  "echo-selector",
                  "20.4+",
                  "the same echo as asyncio runs it underneath: one thread's Selector loop",
                  "[connections] [messages]",
                  (out, args) -> EchoClients.example(new Timeline(out), args, true)),
              new Example(
                  "blocking-trap",
                  "20.4+",
                  "broken, then fixed: blocking stages starve the common pool",
                  (out, args) -> BlockingInCommonPool.run(new Timeline(out)))));

  private AsyncMain() {}

  /**
   * Returns the arguments for the menu: a lone argument that is a URL, or meant to be one (it holds
   * a ':', '/' or '.', which no example's name does), becomes {@code fetch-async <url>}, so that a
   * malformed one is the fetch's one-line usage error rather than an unknown example.
   */
  static String[] withLoneUrlAsFetch(String... args) {
    if (args.length == 1 && args[0].matches(".*[:/.].*")) {
      return new String[] {"fetch-async", args[0]};
    }
    return args;
  }

  /**
   * Starts a GET from a server of its own on a daemon thread, to load the HTTP classes while the
   * examples before 20.4.2 run. Does not wait; a failure is left to the examples to meet and
   * report.
   */
  static Thread warmUpHttpInBackground() {
    return Thread.ofPlatform()
        .daemon()
        .name("http-warm-up")
        .start(
            () -> {
              try (LocalServer server = LocalServer.start();
                  Fetcher fetcher = new Fetcher()) {
                FetchBlocking.fetch(fetcher, server.url("/hello"));
              } catch (IOException | RuntimeException e) { // a FetchException too
                // Not reported: the examples make the same calls and report their own failures.
              }
            });
  }

  public static void main(String[] args) {
    if (args.length == 0) { // the quick run, which starts with the two 20.4.1 tasks
      warmUpHttpInBackground();
    }
    MENU.runAndExit(withLoneUrlAsFetch(args));
  }
}
