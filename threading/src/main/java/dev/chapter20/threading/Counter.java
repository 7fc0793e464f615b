package dev.chapter20.threading;

/**
 * A count that several threads increment at once: the shared resource of section 20.1.2.
 *
 * <p>The implementations differ only in how they make "read the count, add one, write it back" safe
 * when two threads do it at the same time, or, for {@link RacyCounter}, fail to.
 *
 * <p><b>Threading:</b> {@link #increment()} is called by several threads at once; each
 * implementation states how it is guarded. Read {@link #value()} after joining them.
 */
public interface Counter {

  /** Adds one. */
  void increment();

  /**
   * Adds one, {@code times} times: the loop each thread of the chapter runs. The default takes
   * whatever protection {@link #increment()} takes on every step; {@link LockAroundLoopCounter}
   * overrides it to hold its lock around the whole loop, as the chapter does.
   */
  default void incrementTimes(int times) {
    for (int i = 0; i < times; i++) {
      increment();
    }
  }

  /** Returns the count. Call it after the incrementing threads were joined to get the total. */
  long value();
}
