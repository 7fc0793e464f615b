package dev.chapter20.executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.common.ExampleMenu.Captured;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs the module's main the way a learner does: every example, then a name that is not one. */
@Timeout(180)
class ExecutorsMainTest {

  private Captured run;

  private int runMain(String... args) {
    run = ExecutorsMain.MENU.runCaptured(args);
    return run.exitCode();
  }

  @Test
  void runsEveryExampleInChapterOrder() {
    assertEquals(0, runMain(), run.err());

    String output = run.out();
    List<String> headers =
        output.lines().filter(line -> line.startsWith("== ")).map(l -> l.split(" ")[2]).toList();
    assertEquals(
        List.of(
            "thread-pool:",
            "submit-get:",
            "map:",
            "as-completed:",
            "exception:",
            "cancel:",
            "first-completed:",
            "cpu-threads:",
            "process-pool:",
            "process-pool-api:",
            "cpu-comparison:",
            "measure-pool:"),
        headers);
    assertTrue(output.contains("all tasks have finished"), output);
    assertTrue(output.contains("a task failed in its worker: java.lang.ArithmeticException"));
    assertTrue(output.contains("process pool (2 JVMs)") || output.contains("process pool ("));
    assertTrue(output.contains("submit(task).get() round trip:"), output);
    assertEquals("", run.err());
  }

  @Test
  void anUnknownExampleIsAOneLineErrorWithTheListAndExitCodeTwo() {
    assertEquals(2, runMain("process-pools"));

    List<String> errorLines = run.err().lines().toList();
    assertEquals("error: unknown example 'process-pools'", errorLines.get(0));
    assertTrue(errorLines.stream().anyMatch(l -> l.contains("process-pool-api")));
  }
}
