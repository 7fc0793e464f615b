package dev.chapter20.threading.support;

import dev.chapter20.threading.Counter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the race of section 20.1.2: several threads increment one {@link Counter} at the same time,
 * and the result is compared with the number of increments made.
 *
 * <p>A start gate (a {@link CountDownLatch} of one) holds every thread until all of them exist, so
 * their loops really overlap instead of the first finishing before the second has started.
 *
 * <p><b>Threading:</b> the calling thread starts the workers, opens the gate and joins them; the
 * joins make every increment visible to the {@link Counter#value()} read that follows.
 */
public final class CounterRace {

  /** The chapter's numbers: two threads, a million increments each. */
  public static final int THREADS = 2;

  public static final int INCREMENTS_PER_THREAD = 1_000_000;

  /** What one race produced: the final count, the count expected, and how long the race took. */
  public record Result(long value, long expected, long nanos) {

    /** Returns how many increments were lost (zero for a thread-safe counter). */
    public long lost() {
      return expected - value;
    }
  }

  private CounterRace() {}

  /** Races the chapter's 2 threads x 1,000,000 increments on {@code counter}. */
  public static Result run(Counter counter) throws InterruptedException {
    return run(counter, THREADS, INCREMENTS_PER_THREAD);
  }

  /** Races {@code threads} threads, each incrementing {@code counter} {@code times} times. */
  public static Result run(Counter counter, int threads, int times) throws InterruptedException {
    CountDownLatch startGate = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int i = 1; i <= threads; i++) {
      workers.add(
          Thread.ofPlatform()
              .name("incrementer-" + i)
              .start(
                  () -> {
                    try {
                      startGate.await();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                      return;
                    }
                    counter.incrementTimes(times);
                  }));
    }
    long start = System.nanoTime();
    startGate.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    long nanos = System.nanoTime() - start;
    return new Result(counter.value(), (long) threads * times, nanos);
  }
}
