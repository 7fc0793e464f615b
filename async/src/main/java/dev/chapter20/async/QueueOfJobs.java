package dev.chapter20.async;

import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A producer feeds ten jobs to three workers through a queue: Python's {@code asyncio.Queue}, as a
 * {@link BlockingQueue} between virtual threads. It extends section 20.4.1 from two tasks that
 * share nothing to tasks that pass work along.
 *
 * <p>asyncio's workers {@code await queue.get()}; these call {@code take()}, a blocking call that
 * parks the virtual thread and frees its carrier, so waiting costs as little. asyncio ends the
 * workers with {@code queue.join()} and {@code cancel()}; a {@code BlockingQueue} has no {@code
 * join}, so the producer puts one end marker per worker, and each worker stops at the first it
 * takes. The queue is bounded, like {@code asyncio.Queue(maxsize=2)}: {@code put} waits while it is
 * full.
 *
 * <p><b>Threading:</b> virtual threads {@code producer} and {@code worker-1} to {@code worker-3};
 * the caller waits in the executor's {@code close()}. A {@code put} happens-before the {@code take}
 * that removes the element.
 *
 * @see ArrayBlockingQueue
 */
public final class QueueOfJobs {

  private static final int WORKERS = 3;
  private static final String END = new String("end"); // a distinct object: == finds only this one

  private QueueOfJobs() {}

  /** Runs the producer and the workers; returns the jobs done, in the order they were taken. */
  public static List<String> run(LineSink out, int jobs) {
    BlockingQueue<String> queue = new ArrayBlockingQueue<>(2);
    ConcurrentLinkedQueue<String> done = new ConcurrentLinkedQueue<>();
    try (ExecutorService producer =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("producer").factory());
        ExecutorService workers =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("worker-", 1).factory())) {
      producer.submit(
          () -> {
            for (int i = 1; i <= jobs; i++) {
              queue.put("job " + i);
            }
            for (int i = 0; i < WORKERS; i++) {
              queue.put(END); // one per worker: each stops at the first it takes
            }
            return null;
          });
      for (int i = 0; i < WORKERS; i++) {
        workers.submit(
            () -> {
              for (String job = queue.take(); job != END; job = queue.take()) {
                done.add(job);
                out.println("did " + job);
              }
              return null;
            });
      }
    } // close() waits for the producer, then for every worker to reach its end marker
    out.println("all " + done.size() + " jobs done once; every worker stopped at its end marker");
    return List.copyOf(done);
  }

  public static void main(String[] args) {
    run(new Timeline(System.out), 10);
  }
}
