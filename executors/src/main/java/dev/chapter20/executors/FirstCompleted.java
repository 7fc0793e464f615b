package dev.chapter20.executors;

import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Waiting for the first of several tasks to finish, Python's {@code wait(futures,
 * return_when=FIRST_COMPLETED)} (section 20.3.1), done two ways: keep the others running, or cancel
 * them.
 *
 * <p>{@link ExecutorCompletionService#take()} returns the first future to finish, like the {@code
 * done} set of Python's {@code wait}; the others are its {@code not_done} set and go on running
 * until they finish or are cancelled. {@link ExecutorService#invokeAny} is the shortcut for the
 * common case "ask three mirrors, keep the fastest answer": it returns the first successful result
 * and cancels the rest, interrupting those that are running. Python has no such call.
 *
 * <p><b>Threading:</b> a pool of three runs the downloads; the caller waits. The completion queue
 * (or {@code invokeAny}'s own) hands the first result over: everything the winning task did
 * happens-before the caller receives it.
 *
 * @see ExecutorCompletionService
 * @see ExecutorService#invokeAny(java.util.Collection)
 */
public final class FirstCompleted {

  /**
   * The first future to finish, and the others in submission order: still running, unless one
   * finished in the moment since.
   */
  record FirstDone<T>(Future<T> first, List<Future<T>> others) {}

  private FirstCompleted() {}

  /** Asks three mirrors for a file, keeps the fastest answer, and prints what happened. */
  public static void run(LineSink out) throws InterruptedException, ExecutionException {
    List<Callable<String>> mirrors =
        List.of(
            // mirror-b is the fastest by far, so it wins on a busy machine too.
            download("mirror-a", Duration.ofMillis(600), out),
            download("mirror-b", Duration.ofMillis(20), out),
            download("mirror-c", Duration.ofMillis(400), out));
    try (ExecutorService pool =
        Executors.newFixedThreadPool(3, Thread.ofPlatform().name("pool-", 1).factory())) {
      FirstDone<String> firstDone = waitForFirst(pool, mirrors);
      out.println("first done: " + firstDone.first().get());
      long notDone = firstDone.others().stream().filter(future -> !future.isDone()).count();
      out.println(notDone + " not done yet; cancelling them rather than wait");
      firstDone.others().forEach(future -> future.cancel(true));

      out.println("invokeAny: " + pool.invokeAny(mirrors) + " (it cancelled the other two)");
    }
  }

  /** Runs every task and returns as soon as one has finished, successfully or not. */
  static <T> FirstDone<T> waitForFirst(ExecutorService pool, List<Callable<T>> tasks)
      throws InterruptedException {
    CompletionService<T> completion = new ExecutorCompletionService<>(pool);
    List<Future<T>> futures = new ArrayList<>();
    for (Callable<T> task : tasks) {
      futures.add(completion.submit(task));
    }
    Future<T> first = completion.take();
    return new FirstDone<>(first, futures.stream().filter(future -> future != first).toList());
  }

  /** Returns a task that answers with the mirror's name after {@code latency}. */
  static Callable<String> download(String mirror, Duration latency, LineSink out) {
    return () -> {
      try {
        Thread.sleep(latency); // stands for the network
      } catch (InterruptedException e) {
        out.println(mirror + ": cancelled");
        throw e;
      }
      return mirror;
    };
  }

  public static void main(String[] args) throws InterruptedException, ExecutionException {
    run(new Timeline(System.out));
  }
}
