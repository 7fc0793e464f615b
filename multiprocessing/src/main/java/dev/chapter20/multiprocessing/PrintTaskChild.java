package dev.chapter20.multiprocessing;

import dev.chapter20.common.ChapterTasks;
import dev.chapter20.common.process.ChildRuntime;

/**
 * The child side of section 20.2.1: a main that runs one of the chapter's tasks, {@code numbers} or
 * {@code letters}, in its own JVM, after a first line naming its PID.
 *
 * <p>In Python the child runs a function of the parent's program ({@code target=print_numbers}); a
 * child JVM runs a main class, and the argument picks the task.
 *
 * <p><b>Threading:</b> the main thread runs the task; {@link ChildRuntime#install()} adds a daemon
 * thread that watches the parent.
 */
public final class PrintTaskChild {

  private PrintTaskChild() {}

  public static void main(String[] args) {
    ChildRuntime.installAsChild(
        "PrintTaskChild is a child JVM of the two-processes example, which starts it; run that:"
            + " ./mvnw -q -pl multiprocessing -am compile exec:exec -Dargs=two-processes");
    if (args.length != 1 || !(args[0].equals("numbers") || args[0].equals("letters"))) {
      throw new IllegalArgumentException("expected one argument, numbers or letters");
    }
    System.out.println("pid " + ProcessHandle.current().pid());
    if (args[0].equals("numbers")) {
      ChapterTasks.printNumbers(System.out::println);
    } else {
      ChapterTasks.printLetters(System.out::println);
    }
  }
}
