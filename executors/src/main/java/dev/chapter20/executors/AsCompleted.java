package dev.chapter20.executors;

import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Python's {@code as_completed(futures)} in Java (section 20.3.1): handle each result as soon as
 * its task finishes, fastest first, whatever order the tasks were submitted in.
 *
 * <p>An {@link ExecutorCompletionService} wraps a pool: tasks submitted through it are put on a
 * queue as they finish, and {@link CompletionService#take()} waits for the next one. Submit n
 * tasks, take n times. The same tasks as in {@link MapInInputOrder} (the first is the slowest) now
 * come back in reverse.
 *
 * <p>The alternative without a loop: {@link CompletableFuture#supplyAsync} on the pool for each
 * item and {@code thenAccept(action)} on each future. Then the action runs on the pool thread that
 * finished the task, not on the caller, so it must be thread-safe.
 *
 * <p><b>Threading:</b> pool threads run the tasks and put each finished future on the completion
 * queue; the caller takes them off. The queue is the hand-off: putting a future happens-before
 * taking it, so the caller sees the whole of each task's work.
 *
 * @see ExecutorCompletionService
 */
public final class AsCompleted {

  private AsCompleted() {}

  /** Squares 1 to 4 in a pool, the first the slowest, and prints each result as it arrives. */
  public static void run(LineSink out) throws InterruptedException, ExecutionException {
    List<Callable<Integer>> tasks = MapInInputOrder.slowestFirst(out);
    try (ExecutorService pool =
        Executors.newFixedThreadPool(
            tasks.size(), Thread.ofPlatform().name("pool-", 1).factory())) {
      asCompleted(pool, tasks, square -> out.println("got " + square));
    }
    out.println("each result was handled as soon as its task finished");
  }

  /** Runs every task at once and hands each result to {@code action} in the order they finish. */
  static <T> void asCompleted(ExecutorService pool, List<Callable<T>> tasks, Consumer<T> action)
      throws InterruptedException, ExecutionException {
    CompletionService<T> completion = new ExecutorCompletionService<>(pool);
    for (Callable<T> task : tasks) {
      completion.submit(task);
    }
    for (int i = 0; i < tasks.size(); i++) {
      action.accept(completion.take().get()); // take() waits for whichever task finishes next
    }
  }

  public static void main(String[] args) throws InterruptedException, ExecutionException {
    run(new Timeline(System.out));
  }
}
