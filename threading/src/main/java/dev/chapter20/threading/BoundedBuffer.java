package dev.chapter20.threading;

import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import dev.chapter20.threading.support.Interruptible;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A buffer of fixed size whose {@code put} waits while it is full and whose {@code take} waits
 * while it is empty: Python's {@code threading.Condition}, as two {@link Condition}s of one {@link
 * ReentrantLock}. It extends section 20.1.2's lock with waiting for a state, not just for a turn.
 *
 * <p>Python's {@code with cond: while not ready(): cond.wait()} keeps its shape: lock, loop while
 * the state is wrong, {@code await()} (which lets go of the lock while it waits), change, {@code
 * signal()}, unlock. Always loop: a waiter can wake without a signal, or after another thread took
 * what it was woken for. Java lets one lock have several conditions, so producers and consumers
 * wait apart and a signal wakes the right kind. {@link java.util.concurrent.ArrayBlockingQueue} is
 * this class, done properly; write your own only to learn how.
 *
 * <p><b>Threading:</b> thread-safe; {@code items} is guarded by {@code lock}; a thread waiting in
 * {@code put} or {@code take} holds no lock while it waits.
 *
 * @see Condition
 */
public final class BoundedBuffer<T> {

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notFull = lock.newCondition();
  private final Condition notEmpty = lock.newCondition();
  private final Deque<T> items = new ArrayDeque<>();
  private final int capacity;
  private final LineSink out;

  /** Creates a buffer of {@code capacity} places that says on {@code out} when a thread waits. */
  public BoundedBuffer(int capacity, LineSink out) {
    this.capacity = capacity;
    this.out = out;
  }

  /** Adds {@code item}, waiting while the buffer is full. */
  public void put(T item) throws InterruptedException {
    lock.lock();
    try {
      while (items.size() == capacity) {
        out.println("buffer full: waiting");
        notFull.await(); // releases the lock while waiting, holds it again on return
      }
      items.addLast(item);
      notEmpty.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Removes the oldest item, waiting while the buffer is empty. */
  public T take() throws InterruptedException {
    lock.lock();
    try {
      while (items.isEmpty()) {
        out.println("buffer empty: waiting");
        notEmpty.await();
      }
      T item = items.removeFirst();
      notFull.signal();
      return item;
    } finally {
      lock.unlock();
    }
  }

  /** A producer puts 0 to 5 into a buffer of two places while a consumer takes them. */
  public static void run(LineSink out) throws InterruptedException {
    BoundedBuffer<Integer> buffer = new BoundedBuffer<>(2, out);
    Thread producer =
        Interruptible.start(
            "producer",
            () -> {
              for (int i = 0; i < 6; i++) {
                buffer.put(i);
              }
            });
    Thread consumer =
        Interruptible.start(
            "consumer",
            () -> {
              for (int i = 0; i < 6; i++) {
                out.println("took " + buffer.take());
              }
            });
    producer.join();
    consumer.join();
    out.println("all 6 items passed through 2 places");
  }

  public static void main(String[] args) throws InterruptedException {
    run(new Timeline(System.out));
  }
}
