package dev.chapter20.executors;

import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Python's {@code executor.map(f, items)} in Java (section 20.3.1): run a task per item at once and
 * get the results back in the order of the items, however the tasks finish.
 *
 * <p>The JDK has no {@code map}; it takes two loops. Submit every task first, so they all run, then
 * call {@link Future#get()} on the futures in the order they were submitted: a get waits for its
 * own task only, and the ones after it are often done already. That is how Python's {@code map}
 * iterator behaves too. {@link ExecutorService#invokeAll} does both steps in one call, but returns
 * only when every task has finished. Here the first item's task is the slowest, so the tasks finish
 * in reverse, and their results are still read in input order.
 *
 * <p><b>Threading:</b> the caller submits and reads; pool threads compute. Each result is published
 * by its future: the task's work happens-before the {@code get} that returns it.
 *
 * @see AsCompleted the results in the order they finish
 * @see ExecutorService#invokeAll(java.util.Collection)
 */
public final class MapInInputOrder {

  static final List<Integer> NUMBERS = List.of(1, 2, 3, 4);

  private MapInInputOrder() {}

  /** Squares 1 to 4 in a pool, the first the slowest, and prints the results in input order. */
  public static void run(LineSink out) throws InterruptedException, ExecutionException {
    List<Callable<Integer>> tasks = slowestFirst(out);
    try (ExecutorService pool =
        Executors.newFixedThreadPool(
            tasks.size(), Thread.ofPlatform().name("pool-", 1).factory())) {
      out.println("map, in input order: " + map(pool, tasks));
      out.println("invokeAll, in input order: " + mapWithInvokeAll(pool, tasks));
    }
  }

  /** Submits every task at once, then waits for the results one by one in input order. */
  static <T> List<T> map(ExecutorService pool, List<Callable<T>> tasks)
      throws InterruptedException, ExecutionException {
    List<Future<T>> futures = new ArrayList<>();
    for (Callable<T> task : tasks) {
      futures.add(pool.submit(task));
    }
    List<T> results = new ArrayList<>();
    for (Future<T> future : futures) {
      results.add(future.get()); // a failed task throws here, as Python's map raises at its item
    }
    return results;
  }

  /** Runs every task and waits for all of them; the futures come back in input order. */
  static <T> List<T> mapWithInvokeAll(ExecutorService pool, List<Callable<T>> tasks)
      throws InterruptedException, ExecutionException {
    List<T> results = new ArrayList<>();
    for (Future<T> future : pool.invokeAll(tasks)) {
      results.add(future.get()); // every future is done here; get() only unwraps it
    }
    return results;
  }

  /**
   * Returns a task per number in {@link #NUMBERS} that squares it: 80 ms for 1, down to 20. Steps
   * of 20 ms keep the finishing order clear on a busy machine and the example short.
   */
  static List<Callable<Integer>> slowestFirst(LineSink out) {
    return NUMBERS.stream()
        .map(n -> slowSquare(n, Duration.ofMillis(20L * (NUMBERS.size() + 1 - n)), out))
        .toList();
  }

  /** Returns a task that squares {@code n} after {@code work} of simulated effort. */
  static Callable<Integer> slowSquare(int n, Duration work, LineSink out) {
    return () -> {
      Thread.sleep(work); // stands for real work; it makes the finishing order visible
      out.println(n + " squared is ready");
      return n * n;
    };
  }

  public static void main(String[] args) throws InterruptedException, ExecutionException {
    run(new Timeline(System.out));
  }
}
