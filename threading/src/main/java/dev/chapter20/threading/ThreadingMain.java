package dev.chapter20.threading;

import dev.chapter20.common.ExampleMenu;
import dev.chapter20.common.ExampleMenu.Example;
import dev.chapter20.common.Timeline;
import java.util.List;

/**
 * Runs the examples of section 20.1 (threading) in the chapter's order, then the rest of Python's
 * {@code threading} toolbox in Java ({@code 20.1+}), or one of them by name. With no name it runs
 * the quick ones; the measurement {@code counters} runs when named, or with {@code all}.
 *
 * <pre>
 *   ./mvnw -q -pl threading -am compile exec:exec
 *   ./mvnw -q -pl threading -am compile exec:exec -Dargs="counters"
 * </pre>
 *
 * <p><b>Threading:</b> the examples run one after another on the main thread; each starts its
 * threads and joins them before the next begins.
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
                  "queue",
                  "20.1+",
                  "queue.Queue: a producer thread hands messages to a consumer, then an end marker",
                  (out, args) -> QueueBetweenThreads.run(new Timeline(out), 5)),
              new Example(
                  "event",
                  "20.1+",
                  "threading.Event: three threads wait until main sets a CountDownLatch",
                  (out, args) -> WaitForEvent.run(new Timeline(out))),
              new Example(
                  "semaphore",
                  "20.1+",
                  "threading.Semaphore: five threads, at most two inside at once",
                  (out, args) -> LimitWithSemaphore.run(new Timeline(out))),
              new Example(
                  "condition",
                  "20.1+",
                  "threading.Condition: a bounded buffer on a lock's two conditions",
                  (out, args) -> BoundedBuffer.run(new Timeline(out))),
              new Example(
                  "barrier",
                  "20.1+",
                  "threading.Barrier: three threads work in rounds, meeting at a CyclicBarrier",
                  (out, args) -> MeetAtBarrier.run(new Timeline(out))),
              new Example(
                  "thread-local",
                  "20.1+",
                  "threading.local: a ThreadLocal per thread, and what a pool thread keeps",
                  (out, args) -> PerThreadValue.run(new Timeline(out))),
              new Example(
                  "daemon",
                  "20.1+",
                  "daemon threads: a child JVM exits without waiting for its daemon",
                  (out, args) -> DaemonThreads.run(new Timeline(out))),
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
