package dev.chapter20.threading;

import dev.chapter20.common.ChapterTasks;
import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;

/**
 * Two threads print the numbers and the letters while the main thread waits for both: section
 * 20.1.1, written with the classic {@link Thread} constructor.
 *
 * <p>Python's {@code threading.Thread(target=print_numbers)} becomes {@code new Thread(runnable)};
 * {@code start()} and {@code join()} keep their names. What differs is underneath: CPython's
 * threads take turns holding the global interpreter lock, while these two can run at the same
 * moment on two cores, which is why their lines interleave differently from run to run.
 *
 * <p><b>Threading:</b> the main thread starts both workers and joins them. Everything a thread did
 * happens-before another thread's {@link Thread#join()} on it returns, so the final line is printed
 * after, and sees, all of both threads' work. (Happens-before: see {@code docs/primer.md}.)
 *
 * @see NamedThreads the same with {@code Thread.ofPlatform()}
 */
public final class TwoThreads {

  private TwoThreads() {}

  /** Runs the example, printing to {@code out}. */
  public static void run(LineSink out) throws InterruptedException {
    Thread numbers = new Thread(() -> printNumbers(out));
    Thread letters = new Thread(() -> printLetters(out));

    numbers.start(); // run() now executes on a new thread; start() returns at once
    letters.start();

    numbers.join(); // waits until numbers' run() has returned
    letters.join();

    out.println("both threads have finished");
  }

  /**
   * The chapter's {@code print_numbers}: 0 to 9, a line each. (The later examples take the same two
   * tasks from {@link ChapterTasks}, so that only the way they run changes.)
   */
  static void printNumbers(LineSink out) {
    for (int i = 0; i < 10; i++) {
      out.println(Integer.toString(i));
    }
  }

  /** The chapter's {@code print_letters}: a to j, a line each. */
  static void printLetters(LineSink out) {
    for (char letter = 'a'; letter <= 'j'; letter++) {
      out.println(String.valueOf(letter));
    }
  }

  public static void main(String[] args) throws InterruptedException {
    run(new Timeline(System.out));
  }
}
