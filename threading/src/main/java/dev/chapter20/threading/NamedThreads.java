package dev.chapter20.threading;

import dev.chapter20.common.ChapterTasks;
import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;

/**
 * Section 20.1.1 again, with threads made by a {@link Thread.Builder} and given names, as Python's
 * {@code threading.Thread(target=..., name="numbers")} does.
 *
 * <p>{@code Thread.ofPlatform()} (Java 21) builds ordinary operating-system threads; {@code
 * Thread.ofVirtual()} has the same methods and builds virtual threads (see the {@code async}
 * module). A name shows up in thread dumps, profilers and the timeline of this demo, which is why
 * every thread worth debugging should have one.
 *
 * <p><b>Threading:</b> as in {@link TwoThreads}: {@code start} hands each task to a new thread and
 * {@code join} makes the main thread wait for it.
 */
public final class NamedThreads {

  private NamedThreads() {}

  /** Runs the example, printing to {@code out}. */
  public static void run(LineSink out) throws InterruptedException {
    Thread numbers =
        Thread.ofPlatform().name("numbers").start(() -> ChapterTasks.printNumbers(out));
    Thread letters =
        Thread.ofPlatform().name("letters").start(() -> ChapterTasks.printLetters(out));

    numbers.join();
    letters.join();

    out.println("both threads have finished");
  }

  public static void main(String[] args) throws InterruptedException {
    run(new Timeline(System.out));
  }
}
