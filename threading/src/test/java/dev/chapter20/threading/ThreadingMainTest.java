package dev.chapter20.threading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.common.ExampleMenu.Captured;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs the module's main the way a learner does: every example, then a name that is not one. */
@Timeout(60)
class ThreadingMainTest {

  private Captured run;

  private int runMain(String... args) {
    run = ThreadingMain.MENU.runCaptured(args);
    return run.exitCode();
  }

  @Test
  void runsTheQuickExamplesInChapterOrderAndNotTheMeasurement() {
    assertEquals(0, runMain(), run.err());

    String output = run.out();
    int twoThreads = output.indexOf("== 20.1.1 two-threads");
    int namedThreads = output.indexOf("== 20.1.1 named-threads");
    int lostUpdates = output.indexOf("== 20.1.2 lost-updates");
    assertTrue(0 <= twoThreads && twoThreads < namedThreads, output);
    assertTrue(namedThreads < lostUpdates, output);
    List<String> toolbox =
        output
            .lines()
            .filter(l -> l.startsWith("== 20.1+ "))
            .map(l -> l.split(" ")[2].replace(":", ""))
            .toList();
    assertEquals(
        List.of("queue", "event", "semaphore", "condition", "barrier", "thread-local", "daemon"),
        toolbox);
    assertTrue(output.indexOf("== 20.1+ queue") > lostUpdates, output);
    assertFalse(output.contains("== 20.1.2 counters"), output);
    assertTrue(output.contains("both threads have finished"), output);
    assertTrue(output.contains("expected 2,000,000"), output);
    assertTrue(output.contains("Measurements run when named"), output);
    assertEquals("", run.err());
  }

  @Test
  void countersPrintsEveryCounterWithWhatItCountedAndOnlyTheBrokenOneLoses() {
    assertEquals(0, runMain("counters"), run.err());

    for (CounterComparison.Variant variant : CounterComparison.VARIANTS) {
      String row =
          run.out()
              .lines()
              .filter(l -> l.startsWith(variant.name() + " "))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no row for " + variant.name()));
      String[] columns = row.substring(variant.name().length()).strip().split(" +");
      long value = Long.parseLong(columns[0].replace(",", ""));
      long lost = Long.parseLong(columns[1].replace(",", ""));
      assertEquals(2_000_000, value + lost, row);
      if (!variant.name().contains("broken")) {
        assertEquals(2_000_000, value, row);
      }
      assertTrue(columns[2].matches("\\d+(\\.\\d+)?") && columns[3].matches("ns|us|ms|s"), row);
    }
    assertEquals("", run.err());
  }

  @Test
  void anUnknownExampleIsAOneLineErrorWithTheListAndExitCodeTwo() {
    assertEquals(2, runMain("no-such-example"));

    List<String> errorLines = run.err().lines().toList();
    assertEquals("error: unknown example 'no-such-example'", errorLines.get(0));
    assertTrue(errorLines.stream().anyMatch(l -> l.contains("two-threads")), errorLines::toString);
    assertTrue(errorLines.stream().noneMatch(l -> l.contains("Exception")), errorLines::toString);
    assertEquals("", run.out());
  }

  @Test
  void helpListsEveryExample() {
    assertEquals(0, runMain("--help"));
    String help = run.out();
    for (String name :
        List.of(
            "two-threads",
            "named-threads",
            "lost-updates",
            "queue",
            "event",
            "semaphore",
            "condition",
            "barrier",
            "thread-local",
            "daemon",
            "counters")) {
      assertTrue(help.contains(name), help);
    }
  }
}
