package dev.chapter20.common;

import java.util.List;

/**
 * The two tasks every example of chapter 20 runs: print the numbers 0-9, and print the letters a-j.
 *
 * <p>Each section of the chapter runs them a different way (threads, processes, pools, coroutines);
 * keeping them here makes the difference between the sections the only thing that changes.
 *
 * <p><b>Threading:</b> stateless: a task prints from whichever thread runs it, to a {@link
 * LineSink} that must accept lines from several threads at once.
 */
public final class ChapterTasks {

  /** What {@link #printNumbers} prints, in order. */
  public static final List<String> NUMBERS =
      List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

  /** What {@link #printLetters} prints, in order. */
  public static final List<String> LETTERS =
      List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");

  private ChapterTasks() {}

  /** Prints 0 to 9, one per line: the chapter's {@code print_numbers}. */
  public static void printNumbers(LineSink out) {
    NUMBERS.forEach(out::println);
  }

  /** Prints a to j, one per line: the chapter's {@code print_letters}. */
  public static void printLetters(LineSink out) {
    LETTERS.forEach(out::println);
  }
}
