package dev.chapter20.threading;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A counter without a lock: {@link AtomicInteger#incrementAndGet()} does read-add-write as one
 * indivisible processor instruction (a compare-and-swap or an atomic add).
 *
 * <p>No thread ever waits for another, but when both increment all the time they fight over the
 * same cache line, which moves between the two cores on every increment.
 *
 * <p><b>Thread-safety:</b> thread-safe, lock-free.
 */
public final class AtomicIntegerCounter implements Counter {

  private final AtomicInteger value = new AtomicInteger();

  @Override
  public void increment() {
    value.incrementAndGet();
  }

  @Override
  public long value() {
    return value.get();
  }
}
