package dev.chapter20.async;

import dev.chapter20.common.ChapterTasks;
import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

/**
 * The chapter's two coroutines as two chains of {@link CompletableFuture} stages whose pauses are
 * timers: section 20.4.1 with no thread asleep.
 *
 * <p>{@code async def print_numbers()} becomes a method that returns a future at once. Each {@code
 * await asyncio.sleep(0.1)} becomes an empty stage run by {@link
 * CompletableFuture#delayedExecutor}: a scheduler thread starts it {@value #PAUSE_MILLIS} ms later,
 * and the next item is printed when it completes. The pause is shorter than the chapter's 0.1 s so
 * that the module's main stays quick; the lesson is in the order of the lines and in the total,
 * about ten pauses rather than twenty, whatever a pause lasts. {@code asyncio.gather} becomes
 * {@link CompletableFuture#allOf}. Unlike asyncio there is no event loop to start and no single
 * thread that runs everything: the JDK's scheduler and common pool are always there, and a step
 * after a pause runs on a pool thread.
 *
 * <p><b>Threading:</b> the calling thread builds both chains, printing each task's first item
 * itself; every later item is printed by a common-pool thread when its pause completes. A stage
 * runs only after the stage before it has completed, which keeps each task's items in order and
 * makes each step see what the one before it did.
 *
 * @see CompletableFuture#delayedExecutor(long, TimeUnit, Executor)
 * @see TwoTasksOnVirtualThreads the same as blocking code
 */
public final class TwoTasksWithCompletableFuture {

  /** The chapter's {@code asyncio.sleep(0.1)}, shortened to 20 ms: only the total changes. */
  static final long PAUSE_MILLIS = 20;

  private TwoTasksWithCompletableFuture() {}

  /** Runs both tasks at once and waits for both, printing to {@code out}. */
  public static void run(LineSink out) {
    out.println(pauseNote());
    // The pool is named: before JDK 25, on two cores or fewer, the default starts a thread per
    // step.
    Executor afterPause =
        CompletableFuture.delayedExecutor(
            PAUSE_MILLIS, TimeUnit.MILLISECONDS, ForkJoinPool.commonPool());
    bothTasks(out, afterPause).join(); // the only wait: like asyncio.run(main()) at the top
    out.println("both tasks have finished");
  }

  /** Says how long a pause lasts here, and how long the chapter's lasts. */
  static String pauseNote() {
    return "a pause of "
        + PAUSE_MILLIS
        + " ms after each item (the chapter's is 100 ms: only the total changes)";
  }

  /** Starts both tasks and returns at once a future that completes when both have ended. */
  static CompletableFuture<Void> bothTasks(LineSink out, Executor afterPause) {
    return CompletableFuture.allOf(
        printSlowly(ChapterTasks.NUMBERS, out, afterPause),
        printSlowly(ChapterTasks.LETTERS, out, afterPause));
  }

  /**
   * Prints each item and pauses after it, without blocking any thread: a pause is an empty stage
   * that {@code afterPause} runs later. Returns before the second item is printed.
   */
  static CompletableFuture<Void> printSlowly(
      List<String> items, LineSink out, Executor afterPause) {
    CompletableFuture<Void> task = CompletableFuture.completedFuture(null);
    for (String item : items) {
      task = task.thenRun(() -> out.println(item)).thenRunAsync(() -> {}, afterPause);
    }
    return task;
  }

  public static void main(String[] args) {
    run(new Timeline(System.out));
  }
}
