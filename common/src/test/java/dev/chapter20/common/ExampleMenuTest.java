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
}
