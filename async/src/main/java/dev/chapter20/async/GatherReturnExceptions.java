package dev.chapter20.async;

import dev.chapter20.common.ExampleMenu;
import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

/**
 * Three tasks, one of which fails, gathered three ways: Python's {@code asyncio.gather(...)} and
 * {@code gather(..., return_exceptions=True)}. It extends section 20.4.1's {@code gather}, whose
 * tasks never fail.
 *
 * <p>{@link CompletableFuture#allOf} waits for every task, then fails if any failed (a plain {@code
 * gather} raises at the first failure): {@code join()} throws, and the other results must be
 * fetched one by one. {@code handle((value, failure) -> ...)} turns each outcome into a value
 * first, so every task's result or exception comes back in input order, as {@code
 * return_exceptions=True} does. {@code exceptionally} replaces a failure with a fallback. Like
 * {@code gather}, none of them cancels the other tasks.
 *
 * <p><b>Threading:</b> each task runs on its own virtual thread; the calling thread waits in {@code
 * join()}. A stage runs after the future it depends on has completed and sees its result.
 *
 * @see CompletableFuture#handle
 * @see CompletableFuture#exceptionally
 */
public final class GatherReturnExceptions {

  private GatherReturnExceptions() {}

  /** Waits for every future and returns each one's value or exception, in input order. */
  public static List<Object> gatherReturningExceptions(List<CompletableFuture<String>> tasks) {
    List<CompletableFuture<Object>> outcomes =
        tasks.stream()
            .map(
                task ->
                    task.<Object>handle(
                        (value, failure) -> failure == null ? value : cause(failure)))
            .toList();
    return outcomes.stream().map(CompletableFuture::join).toList(); // handle() never fails
  }

  /** Runs the three tasks and gathers them with allOf, with handle, and with exceptionally. */
  public static List<Object> run(LineSink out) {
    try (ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
      List<CompletableFuture<String>> tasks =
          IntStream.rangeClosed(1, 3)
              .mapToObj(i -> CompletableFuture.supplyAsync(() -> task(i), virtual))
              .toList();
      try {
        CompletableFuture.allOf(tasks.toArray(CompletableFuture<?>[]::new)).join();
      } catch (CompletionException e) {
        out.println("allOf(...).join() threw: " + ExampleMenu.oneLine(e.getCause()));
      }
      List<Object> outcomes = gatherReturningExceptions(tasks);
      out.println("handle(), like return_exceptions=True: " + outcomes);
      List<String> withFallback =
          tasks.stream().map(t -> t.exceptionally(failure -> "(fallback)").join()).toList();
      out.println("exceptionally(): " + withFallback);
      return outcomes;
    }
  }

  private static String task(int i) {
    if (i == 2) {
      throw new IllegalStateException("task 2 failed");
    }
    return "result " + i;
  }

  private static Throwable cause(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }

  public static void main(String[] args) {
    run(new Timeline(System.out));
  }
}
