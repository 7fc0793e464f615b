package dev.chapter20.multiprocessing;

import dev.chapter20.common.ExampleMenu;
import dev.chapter20.common.ExampleMenu.Example;
import dev.chapter20.common.ExampleMenu.UsageException;
import dev.chapter20.common.Timeline;
import java.util.List;

/**
 * Runs the examples of section 20.2 (multiprocessing) in the chapter's order, or one of them by
 * name. With no name it runs the quick ones; the measurement {@code measure} runs when named, or
 * with {@code all}.
 *
 * <pre>
 *   ./mvnw -q -pl multiprocessing -am compile exec:exec
 *   ./mvnw -q -pl multiprocessing -am compile exec:exec -Dargs="producer-consumer 100000 hello"
 * </pre>
 *
 * <p><b>Threading:</b> the examples run one after another on the main thread; each waits for its
 * child JVMs, and for the threads that relay their output, before the next begins.
 */
public final class MultiprocessingMain {

  static final ExampleMenu MENU =
      new ExampleMenu(
          "./mvnw -q -pl multiprocessing -am compile exec:exec",
          List.of(
              new Example(
                  "two-processes",
                  "20.2.1",
                  "two child JVMs print numbers and letters; the parent waits for both",
                  (out, args) -> TwoProcesses.run(new Timeline(out))),
              new Example(
                  "producer-consumer",
                  "20.2.2",
                  "a producer JVM sends messages to a consumer JVM through a pipe",
                  "[count (default 5)] [text]",
                  (out, args) ->
                      ProducerConsumer.run(new Timeline(out), producerConsumerRun(args))),
              new Example(
                  "request-reply",
                  "20.2.2",
                  "the parent asks a child JVM and reads its answers: a pool worker's shape",
                  "[text...]",
                  (out, args) ->
                      RequestReply.run(
                          new Timeline(out),
                          args.isEmpty() ? RequestReply.DEFAULT_REQUESTS : args)),
              new Example(
                  "shared-counter",
                  "20.2+",
                  "two child JVMs add to one counter in a mapped file: plain, atomic, file lock",
                  (out, args) -> SharedCounter.run(new Timeline(out))),
              new Example(
                      "measure",
                      "20.2",
                      "child JVM start-up, message rate and byte rate through a pipe",
                      (out, args) -> MeasurePipes.run(out))
                  .measuring()));

  private MultiprocessingMain() {}

  static ProducerConsumer.Run producerConsumerRun(List<String> args) {
    if (args.size() > 2) {
      throw new UsageException("expected [count] [text], got " + args);
    }
    int count;
    try {
      count = args.isEmpty() ? 5 : Integer.parseInt(args.get(0));
    } catch (NumberFormatException e) {
      throw new UsageException("count must be a whole number, got '" + args.get(0) + "'");
    }
    if (count < 0) {
      throw new UsageException("count must not be negative, got " + count);
    }
    return ProducerConsumer.Run.of(count, args.size() == 2 ? args.get(1) : "안녕, multiprocessing");
  }

  public static void main(String[] args) {
    MENU.runAndExit(args);
  }
}
