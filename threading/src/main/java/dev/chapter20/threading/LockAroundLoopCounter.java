package dev.chapter20.threading;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A counter whose threads hold the lock around their whole loop, exactly as the chapter's {@code
 * with lock: for _ in range(1000000): ...} does.
 *
 * <p>In CPython this is the cheap correct shape: the GIL lets one thread run Python code at a time
 * anyway, and one acquire per thread costs far less than one per increment. On the JVM the result
 * is correct, but the two threads no longer run in parallel: whichever gets the lock first does all
 * its increments while the other waits, so the program is a sequential program with extra steps. It
 * is fast only because the JIT compiles the loop under the lock to one addition. Use this shape
 * when a thread must make many changes that others may only see all at once; otherwise hold a lock
 * as briefly as {@link LockPerIncrementCounter} does, or use no lock ({@link LongAdderCounter}).
 *
 * <p><b>Thread-safety:</b> thread-safe; {@code value} is guarded by {@code lock}.
 */
public final class LockAroundLoopCounter implements Counter {

  private final ReentrantLock lock = new ReentrantLock();
  private long value;

  @Override
  public void increment() {
    incrementTimes(1);
  }

  @Override
  public void incrementTimes(int times) {
    lock.lock();
    try {
      for (int i = 0; i < times; i++) {
        value++;
      }
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
