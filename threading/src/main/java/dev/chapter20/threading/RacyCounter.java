package dev.chapter20.threading;

/**
 * <b>Broken:</b> a counter with no synchronisation, which loses updates when two threads increment
 * it at once. The chapter's counter without its {@code Lock}.
 *
 * <p>{@code value++} is three steps: read the value, add one, write it back. When two threads read
 * the same value, both write value + 1 and one of the two increments is lost. {@code volatile} does
 * not help: it makes every read and write visible to other threads, but does not make the three
 * steps one. (Without {@code volatile} it is worse: the JIT compiler may keep the count in a
 * register for the whole loop and lose a thread's work wholesale.)
 *
 * <p><b>Thread-safety:</b> none. Use {@link AtomicIntegerCounter} or {@link LongAdderCounter}.
 */
public final class RacyCounter implements Counter {

  private volatile long value;

  @Override
  @SuppressWarnings("NonAtomicOperationOnVolatileField") // the point of this class
  public void increment() {
    value++;
  }

  @Override
  public long value() {
    return value;
  }
}
