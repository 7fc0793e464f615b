package dev.chapter20.threading;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A counter guarded by a {@link ReentrantLock} taken for each increment: the chapter's {@code
 * Lock}, held only as long as the shared state is touched.
 *
 * <p>Python's {@code with lock:} becomes {@code lock.lock(); try { ... } finally { lock.unlock();
 * }}. The {@code finally} is not optional: an exception between lock and unlock would otherwise
 * leave the lock held forever. Prefer {@code synchronized} unless you need what only {@code
 * ReentrantLock} offers ({@code tryLock}, timeouts, interruptible waits, fairness, conditions).
 *
 * <p><b>Thread-safety:</b> thread-safe; {@code value} is guarded by {@code lock}.
 *
 * @see LockAroundLoopCounter the lock held around the whole loop, as the chapter does
 */
public final class LockPerIncrementCounter implements Counter {

  private final ReentrantLock lock = new ReentrantLock();
  private long value;

  @Override
  public void increment() {
    lock.lock();
    try {
      value++;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long value() {
    lock.lock();
    try {
      return value;
    } finally {
      lock.unlock();
    }
  }
}
