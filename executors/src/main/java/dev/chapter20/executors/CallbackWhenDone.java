package dev.chapter20.executors;

import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A callback that runs when a task is done: Python's {@code future.add_done_callback(fn)} as {@link
 * CompletableFuture#whenComplete}, one of the rest of {@code concurrent.futures} (20.3+).
 *
 * <p>The {@code Future} that {@code submit} returns has no callbacks; start the task with {@link
 * CompletableFuture#supplyAsync(java.util.function.Supplier, java.util.concurrent.Executor)} on the
 * pool instead. The callback gets {@code (result, failure)}, one of them {@code null}, where
 * Python's gets the future; a task's exception arrives wrapped in a {@code CompletionException}. As
 * in Python, a callback added before the task ends runs on the thread that completes it, a pool
 * thread; one added after runs at once, on the thread that adds it. So keep callbacks short and
 * thread-safe, or choose their thread with {@code whenCompleteAsync(action, executor)}. A callback
 * that throws fails the stage {@code whenComplete} returns, not the task (Python logs and ignores).
 *
 * <p><b>Threading:</b> {@code pool-1} runs the tasks and, as it completes each, the callbacks
 * already added; the caller runs the one it adds to a finished future. Completing a future
 * happens-before its callbacks run, so a callback sees the task's whole work.
 *
 * @see CompletableFuture#whenComplete
 */
public final class CallbackWhenDone {

  private CallbackWhenDone() {}

  /** Adds a callback before a task ends and one after, then one to a failing task. */
  public static void run(LineSink out) {
    CompletableFuture<Void> release = new CompletableFuture<>();
    try (ExecutorService pool =
        Executors.newSingleThreadExecutor(Thread.ofPlatform().name("pool-", 1).factory())) {
      try {
        CompletableFuture<Integer> answer =
            CompletableFuture.supplyAsync(
                () -> {
                  release.join(); // ends only after the callback below was added
                  return 6 * 7;
                },
                pool);
        CompletableFuture<Integer> called =
            answer.whenComplete((value, failure) -> out.println("callback added before: " + value));
        release.complete(null);
        called.join();

        out.println("adding a callback to the finished future");
        answer.whenComplete((value, failure) -> out.println("callback added after: " + value));
        out.println("whenComplete has returned");

        CompletableFuture.supplyAsync(() -> Integer.parseInt("six"), pool)
            .whenComplete(
                (value, failure) ->
                    out.println("callback of a failed task: " + value + ", " + failure));
      } finally {
        release.complete(null); // so that close() never waits for a task held back
      }
    }
  }

  public static void main(String[] args) {
    run(new Timeline(System.out));
  }
}
