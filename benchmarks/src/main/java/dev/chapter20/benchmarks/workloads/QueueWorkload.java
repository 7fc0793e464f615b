package dev.chapter20.benchmarks.workloads;

import dev.chapter20.common.process.ChildJvm;
import dev.chapter20.common.process.FrameReader;
import dev.chapter20.common.process.JvmLauncher;
import dev.chapter20.multiprocessing.Producer;
import java.io.IOException;
import java.time.Duration;

/**
 * Section 20.2.2 timed: the {@code multiprocessing} module's {@link Producer}, in a child JVM,
 * writes {@code items} small messages ({@code "<i>: x"}) to a pipe, and this JVM reads them with a
 * {@link FrameReader} until the end marker; beside {@code chapter_workloads.py queue}, where a
 * producer process puts the same strings into a {@code multiprocessing.Queue}.
 *
 * <p>Both sides time from the first item to the end marker, so neither counts the child's start-up,
 * and both check that every item arrived. The reading loop is the one {@code MeasurePipes} measures
 * small messages with.
 *
 * <p><b>Threading:</b> the calling thread reads; the child is another process.
 */
public final class QueueWorkload {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private QueueWorkload() {}

  /** Receives {@code items} messages from a producer child; returns items per second. */
  public static JsonLine run(int items) throws IOException, InterruptedException {
    JvmLauncher launcher =
        JvmLauncher.forMain(Producer.class).name("producer").args(String.valueOf(items), "x");
    try (ChildJvm producer = launcher.longRunning().start()) {
      FrameReader frames = new FrameReader(producer.stdout());
      if (frames.read() == null) {
        throw new IllegalStateException("the producer sent no items");
      }
      long start = System.nanoTime();
      while (frames.read() != null) {
        // the reader checks length, count and checksum; the items themselves are not needed
      }
      long nanos = System.nanoTime() - start;
      producer.waitForSuccess(TIMEOUT);
      if (frames.count() != items) {
        throw new IllegalStateException("received " + frames.count() + ", expected " + items);
      }
      return JsonLine.of("queue")
          .put("items_per_s", (frames.count() - 1) / (nanos / 1e9))
          .put("items", frames.count());
    }
  }
}
