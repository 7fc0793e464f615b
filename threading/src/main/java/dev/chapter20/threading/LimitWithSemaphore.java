package dev.chapter20.threading;

import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import dev.chapter20.threading.support.Interruptible;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Five threads want a resource that only two may use at a time: Python's {@code
 * threading.Semaphore(2)} as a {@link Semaphore} of two permits. It extends section 20.1.2: a lock
 * lets one thread in, a semaphore lets n.
 *
 * <p>{@code with sem:} becomes {@code acquire(); try { ... } finally { release(); }}, the same
 * shape as a lock, and for the same reason: a permit not given back is lost for good. Unlike a
 * lock, a permit belongs to nobody; any thread may release it, and a release too many silently adds
 * a permit (Python's {@code BoundedSemaphore} would raise {@code ValueError}).
 *
 * <p><b>Threading:</b> threads {@code worker-1} to {@code worker-5}; the caller joins them. The
 * count of workers inside is an {@link AtomicInteger}, and so is its peak.
 *
 * @see Semaphore
 */
public final class LimitWithSemaphore {

  /** What a worker does while it holds a permit. */
  static final Interruptible SHORT_JOB = () -> Thread.sleep(Duration.ofMillis(50));

  private LimitWithSemaphore() {}

  /** Runs five workers, two at a time, and returns the most that were inside at once. */
  public static int run(LineSink out) throws InterruptedException {
    return run(out, 5, 2, SHORT_JOB);
  }

  /** Runs {@code workers} threads, {@code permits} at a time; returns the most inside at once. */
  static int run(LineSink out, int workers, int permits, Interruptible work)
      throws InterruptedException {
    Semaphore semaphore = new Semaphore(permits);
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int i = 1; i <= workers; i++) {
      threads.add(
          Interruptible.start(
              "worker-" + i,
              () -> {
                semaphore.acquire(); // waits while both permits are taken
                try {
                  int now = inside.incrementAndGet();
                  peak.accumulateAndGet(now, Math::max);
                  out.println("in (" + now + " inside)");
                  work.run();
                  out.println("out");
                } finally {
                  inside.decrementAndGet();
                  semaphore.release(); // in finally: a permit not given back is lost for good
                }
              }));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    out.println("most inside at once: " + peak.get() + " of " + workers);
    return peak.get();
  }

  public static void main(String[] args) throws InterruptedException {
    run(new Timeline(System.out));
  }
}
