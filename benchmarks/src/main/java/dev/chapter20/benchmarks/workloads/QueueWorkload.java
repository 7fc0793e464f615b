package dev.chapter20.benchmarks.workloads;

import dev.chapter20.common.process.FrameReader;
import dev.chapter20.common.process.JvmLauncher;
import dev.chapter20.multiprocessing.MeasurePipes;
import dev.chapter20.multiprocessing.Producer;
import java.io.IOException;

/**
 * Section 20.2.2 timed: the {@code multiprocessing} module's {@link Producer}, in a child JVM,
 * writes {@code items} small messages ({@code "<i>: x"}) to a pipe, and this JVM reads them with a
 * {@link FrameReader} until the end marker; beside {@code chapter_workloads.py queue}, where a
 * producer process puts the same strings into a {@code multiprocessing.Queue}.
 *
 * <p>Both sides time from the first item to the end marker, so neither counts the child's start-up,
 * and both check that every item arrived. The reading is {@link MeasurePipes#receiveFrom}, the one
 * the {@code measure} example prints its message rate with.
 *
 * <p><b>Threading:</b> the calling thread reads; the child is another process.
 */
public final class QueueWorkload {

  private QueueWorkload() {}

  /** Receives {@code items} messages from a producer child; returns items per second. */
  public static JsonLine run(int items) throws IOException, InterruptedException {
    MeasurePipes.Rate rate =
        MeasurePipes.receiveFrom(
            JvmLauncher.forMain(Producer.class).name("producer").args(String.valueOf(items), "x"));
    if (rate.messages() + 1 != items) {
      throw new IllegalStateException("received " + (rate.messages() + 1) + ", expected " + items);
    }
    return JsonLine.of("queue")
        .put("items_per_s", rate.messages() / (rate.nanos() / 1e9))
        .put("items", items);
  }
}
