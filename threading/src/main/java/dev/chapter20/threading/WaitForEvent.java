package dev.chapter20.threading;

import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import dev.chapter20.threading.support.Interruptible;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Three threads wait until the main thread signals them, all at once: Python's {@code
 * threading.Event} as a {@link CountDownLatch} of one. It extends section 20.1.1, where the main
 * thread waits for its workers, the other way round.
 *
 * <p>{@code event.set()} is {@code countDown()}, {@code event.wait()} is {@code await()}, and
 * {@code event.wait(timeout)} is {@code await(timeout, unit)}, which also returns {@code false}
 * when the time ran out. A latch opens once and stays open: there is no {@code event.clear()}; for
 * a signal that repeats, use a {@link java.util.concurrent.Phaser} or a lock and condition.
 *
 * <p><b>Threading:</b> threads {@code waiter-1} to {@code waiter-3} block in {@code await()}; the
 * calling thread opens the latch and joins them. Everything before {@code countDown()}
 * happens-before {@code await()} returns, so no waiter prints before the event is set.
 *
 * @see CountDownLatch
 */
public final class WaitForEvent {

  private static final int WAITERS = 3;

  private WaitForEvent() {}

  /** Starts the waiters, checks the event with a timeout, then sets it and joins them. */
  public static void run(LineSink out) throws InterruptedException {
    CountDownLatch event = new CountDownLatch(1);
    CountDownLatch allWaiting = new CountDownLatch(WAITERS);
    List<Thread> waiters = new ArrayList<>();
    for (int i = 1; i <= WAITERS; i++) {
      waiters.add(
          Interruptible.start(
              "waiter-" + i,
              () -> {
                out.println("waiting for the event");
                allWaiting.countDown();
                event.await();
                out.println("woke up: the event is set");
              }));
    }
    allWaiting.await();
    boolean set = event.await(50, TimeUnit.MILLISECONDS); // event.wait(0.05) in Python
    out.println("await(50 ms) returned " + set + ": nobody has set the event yet");
    out.println("setting the event");
    event.countDown();
    for (Thread waiter : waiters) {
      waiter.join();
    }
    out.println("all " + WAITERS + " waiters have woken and ended");
  }

  public static void main(String[] args) throws InterruptedException {
    run(new Timeline(System.out));
  }
}
