package dev.chapter20.executors;

import dev.chapter20.common.ChapterTasks;
import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A thread pool of two runs the numbers task and the letters task while the caller waits for both:
 * section 20.3.1, Python's {@code ThreadPoolExecutor}, as an {@link ExecutorService}.
 *
 * <p>{@code with ThreadPoolExecutor(max_workers=2) as executor:} becomes an {@link ExecutorService}
 * from {@link Executors#newFixedThreadPool(int, java.util.concurrent.ThreadFactory)} opened in
 * try-with-resources. Leaving the block calls {@link ExecutorService#close()} (Java 19+), which is
 * {@code shutdown()} (take no new tasks, run the ones submitted) followed by {@code
 * awaitTermination} until they have all finished: the same wait as Python's {@code
 * executor.shutdown(wait=True)} at the end of its {@code with}. Before Java 19 you wrote those two
 * calls yourself in a {@code finally}; forgetting them leaves threads that keep the JVM alive.
 *
 * <p>Unlike 20.1.1 the tasks are not tied to threads: the pool owns two threads and hands them
 * tasks. The thread factory names them {@code pool-1} and {@code pool-2} so the timeline shows
 * which one ran what.
 *
 * <p><b>Threading:</b> the caller submits both tasks; the pool's threads run them. Everything a
 * task did happens-before {@code close()} returns (the pool's termination is the hand-off), so the
 * final line is printed after, and sees, all the work of both.
 *
 * @see ExecutorService
 */
public final class TwoTasksInThreadPool {

  private TwoTasksInThreadPool() {}

  /** Runs both tasks in a pool of two and waits for them, printing to {@code out}. */
  public static void run(LineSink out) {
    try (ExecutorService pool =
        Executors.newFixedThreadPool(2, Thread.ofPlatform().name("pool-", 1).factory())) {
      // The futures are ignored, as in the chapter; see ExceptionAtGet for what that can hide.
      pool.submit(() -> ChapterTasks.printNumbers(out));
      pool.submit(() -> ChapterTasks.printLetters(out));
    } // close(): no new tasks, then wait until both have finished
    out.println("all tasks have finished");
  }

  public static void main(String[] args) {
    run(new Timeline(System.out));
  }
}
