package dev.chapter20.multiprocessing;

import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import dev.chapter20.common.process.ChildJvm;
import dev.chapter20.common.process.ChildJvmException;
import dev.chapter20.common.process.FrameReader;
import dev.chapter20.common.process.FrameWriter;
import dev.chapter20.common.process.JvmLauncher;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A producer and a consumer in two child JVMs, connected by an operating-system pipe: section
 * 20.2.2, where Python passes items through a {@code multiprocessing.Queue}.
 *
 * <p><b>The chapter's consumer is a race.</b> It loops {@code while not queue.empty()}; but "empty
 * right now" is not "finished". Started alongside the producer, it stops the first time the queue
 * looks empty: before the first {@code put()}, or while {@code put()}'s background feeder thread
 * has yet to flush an item into the pipe. The chapter gets away with it by starting the consumer
 * only after the producer's {@code join()}, which is no longer concurrency and has a hazard of its
 * own: a process exits only once its feeder thread has flushed every item into the pipe, so when
 * the items outgrow the pipe's buffer (64 KiB on Linux), that {@code join()} waits forever for a
 * consumer that has not started.
 *
 * <p>Here both run at once, and the consumer stops only at an explicit end: the producer writes
 * length-prefixed frames ({@link FrameWriter}) and finally an end marker that carries the count and
 * a checksum of everything it sent. The consumer ({@link FrameReader}) therefore never stops early,
 * never waits forever (a producer that dies closes the pipe), and proves that it received every
 * message exactly once and in order.
 *
 * <p>Failure is never silent: if either side dies, sends garbage or cuts a frame short, the run
 * ends with one line naming the child, its PID, exit code and last error line, and both children
 * are gone.
 *
 * <p><b>Threading:</b> the two children run in parallel; in the parent, daemon threads relay the
 * consumer's output and both children's error streams to the timeline.
 */
public final class ProducerConsumer {

  /**
   * One run of the pipeline: how many messages, their text, and extra options for each side (the
   * tests use these to make a side fail on purpose).
   */
  public record Run(
      int count, String text, List<String> producerOptions, List<String> consumerOptions) {

    /** A run with no extra options. */
    public static Run of(int count, String text) {
      return new Run(count, text, List.of(), List.of());
    }
  }

  /** Runs up to this many messages print every message; longer ones print a summary. */
  static final int PRINT_LIMIT = 20;

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private ProducerConsumer() {}

  /**
   * Runs the pipeline and waits for both sides.
   *
   * @throws IOException with a one-line message naming every child that failed
   */
  public static void run(LineSink out, Run run) throws IOException, InterruptedException {
    boolean verbose = run.count() <= PRINT_LIMIT;
    List<String> producerArgs = new ArrayList<>(List.of(String.valueOf(run.count()), run.text()));
    producerArgs.addAll(verbose ? List.of("--log") : List.of());
    producerArgs.addAll(run.producerOptions());
    List<String> consumerArgs = new ArrayList<>(verbose ? List.of() : List.of("--quiet"));
    consumerArgs.addAll(run.consumerOptions());

    List<ChildJvm> pipeline =
        JvmLauncher.startPipeline(
            List.of(
                JvmLauncher.forMain(Producer.class)
                    .name("producer")
                    .args(producerArgs.toArray(String[]::new))
                    .relayStderr(out),
                JvmLauncher.forMain(Consumer.class)
                    .name("consumer")
                    .args(consumerArgs.toArray(String[]::new))
                    .relayStderr(out)));
    try (ChildJvm producer = pipeline.get(0);
        ChildJvm consumer = pipeline.get(1)) {
      out.println("started " + producer + " | " + consumer);
      producer.stdin().close(); // the producer reads nothing from the parent
      consumer.relayStdout(out);

      List<String> failures = new ArrayList<>();
      for (ChildJvm child : List.of(consumer, producer)) {
        try {
          child.waitForSuccess(TIMEOUT);
        } catch (ChildJvmException e) {
          failures.add(e.getMessage());
        }
      }
      if (!failures.isEmpty()) {
        throw new IOException(String.join("; ", failures));
      }
    }
    out.println("producer and consumer have finished");
  }

  public static void main(String[] args) throws Exception {
    run(new Timeline(System.out), Run.of(5, "안녕, multiprocessing"));
  }
}
