package dev.chapter20.threading;

/**
 * A counter made safe with Java's built-in monitor lock: {@code synchronized} on every increment.
 *
 * <p>The nearest Java has to Python's {@code with lock:}, with nothing to forget: the lock is
 * released when the method returns, also when it throws.
 *
 * <p><b>Thread-safety:</b> thread-safe; {@code value} is guarded by {@code this}.
 */
public final class SynchronizedCounter implements Counter {

  private long value;

  @Override
  public synchronized void increment() {
    value++;
  }

  @Override
  public synchronized long value() {
    return value;
  }
}
