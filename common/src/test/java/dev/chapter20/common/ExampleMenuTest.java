package dev.chapter20.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.common.ExampleMenu.Captured;
import dev.chapter20.common.ExampleMenu.Example;
import dev.chapter20.common.ExampleMenu.UsageException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExampleMenuTest {

  private final List<String> ran = new ArrayList<>();
  private Captured result;

  private final ExampleMenu menu =
      new ExampleMenu(
          "./mvnw -q -pl demo -am compile exec:exec",
          List.of(
              new Example("first", "1.1", "the first", (o, args) -> ran.add("first" + args)),
              new Example(
                  "second",
                  "1.2",
                  "the second",
                  "[words...]",
                  (o, args) -> ran.add("second" + args)),
              new Example("slow", "1.2", "measures", (o, args) -> ran.add("slow" + args))
                  .measuring(),
              new Example(
                  "picky",
                  "1.3",
                  "rejects its argument",
                  (o, args) -> {
                    throw new UsageException("count must be a number, got 'x'");
                  }),
              new Example(
                  "broken",
                  "1.4",
                  "fails",
                  (o, args) -> {
                    throw new IllegalStateException("the child exited with 1");
                  }),
              new Example(
                  "stale",
                  "1.5",
                  "a class is gone",
                  (o, args) -> {
                    throw new NoClassDefFoundError("dev/chapter20/demo/Gone");
                  }),
              new Example(
                  "overflowing",
                  "1.6",
                  "an Error",
                  (o, args) -> {
                    throw new StackOverflowError();
                  })));

  private int run(String... args) {
    result = menu.runCaptured(args);
    return result.exitCode();
  }

  @Test
  void noArgumentsRunsEveryExampleInOrderUntilOneFails() {
    assertEquals(2, run());
    assertEquals(List.of("first[]", "second[]"), ran);
    assertTrue(result.out().contains("== 1.1 first: the first =="));
  }

  @Test
  void noArgumentsSkipsTheMeasurementsAndSaysHowToRunThem() {
    ExampleMenu twoKinds =
        new ExampleMenu(
            "demo",
            List.of(
                new Example("quick", "1.1", "quick", (o, args) -> ran.add("quick")),
                new Example("slow", "1.2", "slow", (o, args) -> ran.add("slow")).measuring()));

    Captured captured = twoKinds.runCaptured();

    assertEquals(0, captured.exitCode());
    assertEquals(List.of("quick"), ran);
    assertTrue(captured.out().contains("all of them with 'all'"), captured.out());
  }

  @Test
  void allRunsTheMeasurementsTooInOrder() {
    assertEquals(2, run("all"));
    assertEquals(List.of("first[]", "second[]", "slow[]"), ran);
  }

  @Test
  void aMeasurementRunsWhenNamed() {
    assertEquals(0, run("slow"));
    assertEquals(List.of("slow[]"), ran);
  }

  @Test
  void helpListsTheMeasurementsApartFromTheQuickExamples() {
    run("--help");
    String help = result.out();
    int measurements = help.indexOf("Measurements");
    assertTrue(measurements > help.indexOf("  second"), help);
    assertTrue(help.indexOf("  slow") > measurements, help);
  }

  @Test
  void aNameRunsThatExampleWithTheRemainingArguments() {
    assertEquals(0, run("second", "5", "x"));
    assertEquals(List.of("second[5, x]"), ran);
  }

  @Test
  void argumentsToAnExampleThatTakesNoneAreAUsageError() {
    assertEquals(2, run("first", "extra"));
    assertEquals("error: first takes no arguments, got [extra]", result.err().strip());
    assertTrue(ran.isEmpty());
  }

  @Test
  void helpListsTheExamples() {
    assertEquals(0, run("--help"));
    String help = result.out();
    assertTrue(help.contains("first") && help.contains("second") && help.contains("1.2"), help);
    assertTrue(help.contains("arguments: [words...]"), help);
  }

  @Test
  void anUnknownNameIsAUsageErrorWithTheList() {
    assertEquals(2, run("third"));
    String error = result.err();
    assertTrue(error.startsWith("error: unknown example 'third'"), error);
    assertTrue(error.contains("second"), error);
    assertTrue(ran.isEmpty());
  }

  @Test
  void aBadArgumentIsAOneLineUsageError() {
    assertEquals(2, run("picky"));
    assertEquals("error: picky: count must be a number, got 'x'", result.err().strip());
  }

  @Test
  void aFailingExampleIsReportedInOneLineWithExitCodeOne() {
    assertEquals(1, run("broken"));
    assertEquals("error: broken failed: the child exited with 1", result.err().strip());
  }

  @Test
  void anErrorIsReportedInOneLineWithExitCodeOne() {
    assertEquals(1, run("stale"));

    assertEquals(
        List.of(
            "error: stale failed: java.lang.NoClassDefFoundError: dev/chapter20/demo/Gone"
                + " (classes from an older build? rebuild with: ./mvnw clean compile)"),
        result.errLines());
  }

  @Test
  void anyOtherErrorIsOneLineWithExitCodeOneToo() {
    assertEquals(1, run("overflowing"));

    assertEquals(
        List.of("error: overflowing failed: java.lang.StackOverflowError"), result.errLines());
  }
}
