package dev.chapter20.async;

import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs tasks as a group in which the first failure cancels the rest: Python's {@code
 * asyncio.TaskGroup}, written by hand. It extends section 20.4.1's {@code gather}, which lets the
 * other tasks run on when one fails.
 *
 * <p>Java's own answer is {@code StructuredTaskScope} (with {@code ShutdownOnFailure} in Java 21),
 * a preview API that this project, compiled for release 21, cannot use; it is still a preview in
 * JDK 25 (JEP 505), with a reworked API. Its core fits in a few lines: a virtual thread per task,
 * an {@link AtomicReference} that keeps the first failure, and {@code shutdownNow()}, which
 * interrupts every sibling still running. Closing the executor waits for all of them, so no task
 * outlives the group, which then rethrows the first failure (Python raises an {@code
 * ExceptionGroup} of all of them).
 *
 * <p><b>Threading:</b> one virtual thread per task; the calling thread waits in {@code close()}.
 * The task that fails first wins the {@code compareAndSet} and interrupts the others; everything a
 * task did happens-before {@code close()} returns.
 *
 * @see ExecutorService#shutdownNow()
 */
public final class TaskGroupByHand {

  private TaskGroupByHand() {}

  /** Runs every task; returns their results in order, or throws the first failure. */
  public static <T> List<T> runAll(List<Callable<T>> tasks) throws Exception {
    AtomicReference<Exception> firstFailure = new AtomicReference<>();
    List<Future<T>> results = new ArrayList<>();
    try (ExecutorService group =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("task-", 1).factory())) {
      for (Callable<T> task : tasks) {
        try {
          results.add(
              group.submit(
                  () -> {
                    try {
                      return task.call();
                    } catch (Exception e) {
                      if (firstFailure.compareAndSet(null, e)) {
                        group.shutdownNow(); // interrupts every sibling still running
                      }
                      throw e;
                    }
                  }));
        } catch (RejectedExecutionException e) {
          break; // a task has failed already: start no more
        }
      }
    } // close() waits for every task, cancelled or not
    if (firstFailure.get() != null) {
      throw firstFailure.get();
    }
    return results.stream().map(Future::resultNow).toList();
  }

  /** Two slow tasks and one that fails: the failure cancels the slow ones. */
  public static void run(LineSink out) throws InterruptedException {
    Callable<String> slow =
        () -> {
          try {
            Thread.sleep(Duration.ofSeconds(5)); // the group cancels it long before
            return "slow task finished";
          } catch (InterruptedException e) {
            out.println("interrupted: cancelled by the group");
            throw e;
          }
        };
    Callable<String> failing =
        () -> {
          out.println("failing");
          throw new IllegalStateException("this task failed");
        };
    try {
      runAll(List.of(slow, slow, failing));
      out.println("the group succeeded");
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      out.println("the group failed with: " + e.getMessage() + "; no task is still running");
    }
  }

  public static void main(String[] args) throws InterruptedException {
    run(new Timeline(System.out));
  }
}
