package dev.chapter20.executors;

import dev.chapter20.common.ChapterTasks;

/**
 * The chapter's two tasks as values that can travel to a worker JVM: {@code NUMBERS} prints 0-9 and
 * {@code LETTERS} prints a-j, each after a line naming the process it runs in.
 *
 * <p>Python sends a process pool a function by name ({@code executor.submit(print_numbers)}); a
 * Java task must be an object, and an enum constant is the simplest object that names code: it
 * travels as its name alone.
 *
 * <p><b>Threading:</b> constants, shared freely; each runs on a worker JVM's main thread and prints
 * to that JVM's standard output, which the pool relays line by line.
 */
public enum PrintTask implements Runnable {
  NUMBERS,
  LETTERS;

  @Override
  public void run() {
    System.out.println("pid " + ProcessHandle.current().pid());
    if (this == NUMBERS) {
      ChapterTasks.printNumbers(System.out::println);
    } else {
      ChapterTasks.printLetters(System.out::println);
    }
  }
}
