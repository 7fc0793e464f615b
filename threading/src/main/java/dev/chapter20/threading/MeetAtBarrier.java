package dev.chapter20.threading;

import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import dev.chapter20.threading.support.Interruptible;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Three threads work in rounds, and none starts a round before all have finished the one before:
 * Python's {@code threading.Barrier(3)} as a {@link CyclicBarrier}. It extends section 20.1.1's
 * {@code join}, which waits for threads to end, to waiting for them to reach a point and go on.
 *
 * <p>{@code barrier.wait()} is {@code await()}; Python's {@code action} argument is the barrier
 * action, run once per round by the last thread to arrive, before any is released. The barrier is
 * cyclic: it resets itself for the next round. A thread that times out or is interrupted breaks the
 * barrier for all ({@code BrokenBarrierException}, Python's {@code BrokenBarrierError}), so no one
 * waits forever for a partner that will not come. {@link java.util.concurrent.Phaser} does the same
 * for a number of parties that changes between rounds.
 *
 * <p><b>Threading:</b> threads {@code worker-1} to {@code worker-3}; the caller joins them.
 * Everything a thread did before {@code await()} happens-before the barrier action, and the action
 * happens-before every {@code await()} returns.
 *
 * @see CyclicBarrier
 */
public final class MeetAtBarrier {

  private static final int WORKERS = 3;
  private static final int ROUNDS = 3;

  private MeetAtBarrier() {}

  /** Runs three workers through three rounds, meeting at the barrier after each. */
  public static void run(LineSink out) throws InterruptedException {
    CyclicBarrier barrier =
        new CyclicBarrier(
            WORKERS, () -> out.println("all " + WORKERS + " arrived: the barrier opens"));
    List<Thread> workers = new ArrayList<>();
    for (int i = 1; i <= WORKERS; i++) {
      workers.add(
          Interruptible.start(
              "worker-" + i,
              () -> {
                for (int round = 1; round <= ROUNDS; round++) {
                  out.println("round " + round + " done");
                  awaitOthers(barrier);
                }
              }));
    }
    for (Thread worker : workers) {
      worker.join();
    }
    out.println("every worker finished " + ROUNDS + " rounds in step");
  }

  /** Waits for the others at most 5 s, so a lost partner breaks the barrier instead of hanging. */
  private static void awaitOthers(CyclicBarrier barrier) throws InterruptedException {
    try {
      barrier.await(5, TimeUnit.SECONDS);
    } catch (BrokenBarrierException | TimeoutException e) {
      throw new IllegalStateException("a partner never arrived: " + e, e);
    }
  }

  public static void main(String[] args) throws InterruptedException {
    run(new Timeline(System.out));
  }
}
