package dev.chapter20.threading;

import dev.chapter20.common.ExampleMenu;
import dev.chapter20.common.ExampleMenu.Example;
import dev.chapter20.common.Timeline;
import java.util.List;

/**
 * Runs the examples of section 20.1 (threading) in the chapter's order, or one of them by name.
 *
 * <pre>
 *   ./mvnw -q -pl threading -am compile exec:exec
 *   ./mvnw -q -pl threading -am compile exec:exec -Dargs="counters"
 * </pre>
 */
public final class ThreadingMain {

  static final ExampleMenu MENU =
      new ExampleMenu(
          "./mvnw -q -pl threading -am compile exec:exec",
          List.of(
              new Example(
                  "two-threads",
                  "20.1.1",
                  "two threads print numbers and letters; main joins both",
                  (out, args) -> TwoThreads.run(new Timeline(out))),
              new Example(
                  "named-threads",
                  "20.1.1",
                  "the same with Thread.ofPlatform() and thread names",
                  (out, args) -> NamedThreads.run(new Timeline(out))),
              new Example(
                  "lost-updates",
                  "20.1.2",
                  "2 threads x 1,000,000 increments without a lock lose updates",
                  (out, args) -> LostUpdates.run(out)),
              new Example(
                      "counters",
                      "20.1.2",
                      "every safe counter, its result and its cost",
                      (out, args) -> CounterComparison.run(out))
                  .measuring()));

  private ThreadingMain() {}

  public static void main(String[] args) {
    MENU.runAndExit(args);
  }
}
