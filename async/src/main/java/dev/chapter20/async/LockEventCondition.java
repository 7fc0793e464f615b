package dev.chapter20.async;

import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * asyncio's {@code Event}, {@code Lock} and {@code Condition}, as the JDK's own {@link
 * CountDownLatch}, {@link ReentrantLock} and {@link Condition}, between {@value #TASKS} virtual
 * threads: all wait for one start signal, each adds one to a total under a lock, and the last one
 * wakes the caller through a condition. Beyond the chapter's section 20.4.
 *
 * <p>What Java does differently: asyncio needs its own versions of these (its tasks share one
 * thread, so a {@code threading.Lock} would block them all); virtual threads use the same classes
 * as platform threads, and a virtual thread that waits on one gives its carrier thread back. One
 * rule depends on the JDK: on JDK 21 to 23 a virtual thread that blocks inside {@code synchronized}
 * (or in {@code Object.wait()}) pins its carrier, so there use {@code ReentrantLock}, as here; JDK
 * 24 lifted that (JEP 491).
 *
 * <p><b>Threading:</b> the caller starts the tasks, opens the latch, then waits on the condition
 * until the total is complete; every read and write of the total happens under the lock.
 */
public final class LockEventCondition {

  static final int TASKS = 10_000;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition allAdded = lock.newCondition();
  private int total; // guarded by lock

  private LockEventCondition() {}

  /** Runs the example; returns the total the tasks reached. */
  public static int run(LineSink out) throws InterruptedException {
    return new LockEventCondition().runTasks(out);
  }

  private int runTasks(LineSink out) throws InterruptedException {
    CountDownLatch start = new CountDownLatch(1); // asyncio.Event: set once, waited on by many
    try (ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < TASKS; i++) {
        virtualThreads.execute(
            () -> {
              try {
                start.await();
              } catch (InterruptedException e) {
                return; // the executor is closing early: nothing to add
              }
              addOne();
            });
      }
      out.println(String.format(Locale.ROOT, "%,d virtual threads wait for one event", TASKS));
      start.countDown();
      lock.lock();
      try {
        while (total < TASKS) {
          allAdded.await(); // releases the lock while it waits, as asyncio's Condition.wait()
        }
        out.println(String.format(Locale.ROOT, "the condition woke the caller: total %,d", total));
      } finally {
        lock.unlock();
      }
    }
    out.println(
        "this JDK ("
            + Runtime.version().feature()
            + ") "
            + (Runtime.version().feature() >= 24
                ? "no longer pins a virtual thread blocked in synchronized (JEP 491)"
                : "pins a virtual thread blocked in synchronized: prefer ReentrantLock"));
    return total;
  }

  private void addOne() {
    lock.lock(); // asyncio.Lock: async with lock
    try {
      total++;
      if (total == TASKS) {
        allAdded.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  public static void main(String[] args) throws InterruptedException {
    run(new Timeline(System.out));
  }
}
