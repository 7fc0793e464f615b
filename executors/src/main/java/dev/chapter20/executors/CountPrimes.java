package dev.chapter20.executors;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A task that counts the primes in a {@link Range}: one chunk of the CPU-bound comparison.
 *
 * <p><b>Threading:</b> immutable; runs on whichever pool thread or worker JVM takes it.
 */
public record CountPrimes(Range range) implements Callable<Long>, Serializable {

  @Override
  public Long call() {
    return Primes.countIn(range);
  }
}
