package dev.chapter20.async;

import dev.chapter20.common.ChapterTasks;
import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The chapter's two coroutines as plain blocking code on two virtual threads: section 20.4.1 the
 * way Java 21 would rather write it.
 *
 * <p>Each task is an ordinary loop that prints and calls {@link Thread#sleep}: no {@code async}, no
 * {@code await}, and nothing that could block "the" loop, because there is none. A sleeping virtual
 * thread lets go of the OS thread it ran on, so a pause costs a timer and a small heap object,
 * which is why 100,000 of them can wait at once ({@link ManySleepers}). Closing the executor waits
 * for every task: it is the chapter's {@code asyncio.gather}.
 *
 * <p><b>Threading:</b> each task runs on its own virtual thread, {@code task-1} and {@code task-2};
 * the calling thread blocks in {@code close()} until both have ended, and everything the tasks did
 * happens-before {@code close()} returns.
 *
 * @see Executors#newThreadPerTaskExecutor(java.util.concurrent.ThreadFactory)
 * @see TwoTasksWithCompletableFuture the same without blocking
 */
public final class TwoTasksOnVirtualThreads {

  /**
   * What a task does after each item; the chapter's {@code await asyncio.sleep(0.1)}, as long as
   * the pause of {@link TwoTasksWithCompletableFuture} (20 ms, to keep the main quick).
   */
  @FunctionalInterface
  interface Pause {
    void pause() throws InterruptedException;
  }

  static final Pause SLEEP =
      () -> Thread.sleep(Duration.ofMillis(TwoTasksWithCompletableFuture.PAUSE_MILLIS));

  private TwoTasksOnVirtualThreads() {}

  /** Runs both tasks at once and waits for both, printing to {@code out}. */
  public static void run(LineSink out) throws InterruptedException, ExecutionException {
    out.println(TwoTasksWithCompletableFuture.pauseNote());
    run(out, SLEEP);
  }

  /**
   * Runs both tasks, each pausing with {@code pause} after every item; rethrows a task's failure.
   */
  static void run(LineSink out, Pause pause) throws InterruptedException, ExecutionException {
    Future<Integer> numbers;
    Future<Integer> letters;
    try (ExecutorService tasks =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("task-", 1).factory())) {
      numbers = tasks.submit(() -> printSlowly(ChapterTasks.NUMBERS, out, pause));
      letters = tasks.submit(() -> printSlowly(ChapterTasks.LETTERS, out, pause));
    } // close() waits for both tasks
    int printed = numbers.get() + letters.get();
    out.println("both tasks have finished: " + printed + " items");
  }

  /** Prints each item and pauses after it; blocks the virtual thread, and only it. */
  static int printSlowly(List<String> items, LineSink out, Pause pause)
      throws InterruptedException {
    for (String item : items) {
      out.println(item);
      pause.pause();
    }
    return items.size();
  }

  public static void main(String[] args) throws InterruptedException, ExecutionException {
    run(new Timeline(System.out));
  }
}
