package dev.chapter20.executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.common.ExampleMenu.Captured;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs the module's main the way a learner does: the quick examples, each measurement, a typo. */
@Timeout(120)
class ExecutorsMainTest {

  private static final String DURATION = "\\d+(\\.\\d+)? (ns|us|ms|s)";

  private Captured run;

  private int runMain(String... args) {
    run = ExecutorsMain.MENU.runCaptured(args);
    return run.exitCode();
  }

  private List<String> headers() {
    return run.out()
        .lines()
        .filter(line -> line.startsWith("== "))
        .map(l -> l.split(" ")[2].replace(":", ""))
        .toList();
  }

  @Test
  void runsTheQuickExamplesInChapterOrderAndNoMeasurement() {
    assertEquals(0, runMain(), run.err());

    assertEquals(
        List.of(
            "thread-pool",
            "submit-get",
            "map",
            "as-completed",
            "exception",
            "cancel",
            "first-completed",
            "process-pool",
            "process-pool-api",
            "stop-task",
            "recycle",
            "progress",
            "done-callback",
            "initializer",
            "bounded-queue"),
        headers());
    assertEquals(6, run.out().lines().filter(l -> l.startsWith("== 20.3+ ")).count());
    String output = run.out();
    // once after the thread pool closed, once after the process pool did
    assertEquals(2, output.lines().filter(l -> l.endsWith("all tasks have finished")).count());
    assertTrue(output.contains("map, in input order: [1, 4, 9, 16]"), output);
    List<String> relayed = // what the process pool's tasks printed in their worker JVMs
        output
            .lines()
            .filter(l -> l.matches(" *\\d+ ms  worker-\\d-stdout +.*"))
            .map(l -> l.substring(l.indexOf("stdout") + "stdout".length()).strip())
            .toList();
    assertTrue(relayed.containsAll(List.of("0", "9", "a", "j")), relayed::toString);
    assertEquals(2, relayed.stream().filter(l -> l.startsWith("pid ")).count(), relayed::toString);
    assertTrue(output.contains("a task failed in its worker: java.lang.ArithmeticException"));
    assertTrue(output.contains("callback added after: 42"), output);
    assertTrue(output.contains("the pool is closed, and each thread closed its connection"));
    assertTrue(output.contains("AbortPolicy: task 6 refused"), output);
    assertTrue(output.contains("Measurements run when named"), output);
    assertEquals("", run.err());
  }

  @Test
  void cpuComparisonCountsTheSamePrimesEveryWayAndComparesWithSequential() {
    assertEquals(0, runMain("cpu-comparison"), run.err());

    List<String> rows =
        run.out().lines().filter(l -> l.contains(" primes ") && !l.startsWith("==")).toList();
    assertEquals(
        List.of(
            "sequential",
            "thread pool (" + cores() + " threads)",
            "process pool (" + cores() + " JVMs)",
            "parallel stream (ForkJoinPool)"),
        rows.stream().map(r -> r.substring(0, 32).strip()).toList());
    for (String row : rows) {
      String[] columns = row.substring(32).strip().split(" +");
      assertEquals("216,816", columns[0], row);
      assertTrue((columns[2] + " " + columns[3]).matches(DURATION), row);
    }
    for (String row : rows.subList(1, rows.size())) {
      assertTrue(row.matches(".* \\d+\\.\\d\\dx"), row); // a speed-up over the sequential row
    }
    assertEquals("", run.err());
  }

  @Test
  void measurePoolPrintsItsOwnFiguresForCheckedAnswersAndNoPeersFigure() {
    assertEquals(0, runMain("measure-pool"), run.err());

    String output = run.out();
    for (String figure :
        List.of(
            "start-up: pool ready and first tasks answered after " + DURATION,
            "submit\\(task\\).get\\(\\) round trip: " + DURATION,
            "map of 100,000 items, chunked: " + DURATION + " per item",
            "map of 10,000 items, one task each: " + DURATION + " per item")) {
      assertTrue(output.lines().anyMatch(l -> l.matches(figure)), figure + " in\n" + output);
    }
    assertTrue(output.contains("every answer checked"), output);
    assertTrue(output.contains("benchmarks/compare.sh"), output);
    assertFalse(output.contains("Python 3"), output);
    assertEquals("", run.err());
  }

  @Test
  void helpListsTheMeasurementsApartFromTheQuickExamples() {
    assertEquals(0, runMain("--help"));

    String help = run.out();
    int measurements = help.indexOf("Measurements");
    for (String name : List.of("process-pool-api", "done-callback", "initializer")) {
      int at = help.indexOf("  " + name + " ");
      assertTrue(0 <= at && at < measurements, help);
    }
    assertTrue(help.contains("  bounded-queue      20.3+"), help);
    for (String name : List.of("cpu-threads", "cpu-comparison", "measure-pool")) {
      assertTrue(help.indexOf("  " + name + " ") > measurements, help);
    }
  }

  @Test
  void anUnknownExampleIsAOneLineErrorWithTheListAndExitCodeTwo() {
    assertEquals(2, runMain("process-pools"));

    List<String> errorLines = run.err().lines().toList();
    assertEquals("error: unknown example 'process-pools'", errorLines.get(0));
    assertTrue(errorLines.stream().anyMatch(l -> l.contains("process-pool-api")));
    assertEquals("", run.out());
  }

  private static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }
}
