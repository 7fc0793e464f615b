package dev.chapter20.executors;

/**
 * Counts primes by trial division: the CPU-bound work that the thread and process pools of section
 * 20.3 run, so that a pool's effect on run time is the only thing that changes.
 *
 * <p>Deliberately naive. A sieve would be far faster, but it shares one big table between all
 * numbers; trial division tests each number on its own, so any range can be counted by any thread
 * or process without touching anything shared, and all the time goes to arithmetic, not memory.
 *
 * <p><b>Threading:</b> pure static functions of their arguments; safe from any number of threads.
 *
 * @see Range
 */
public final class Primes {

  private Primes() {}

  /** Returns whether {@code n} is prime, trying every odd divisor up to its square root. */
  public static boolean isPrime(long n) {
    if (n < 2) {
      return false;
    }
    if (n % 2 == 0) {
      return n == 2;
    }
    for (long divisor = 3; divisor * divisor <= n; divisor += 2) {
      if (n % divisor == 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns how many primes lie in {@code [from, to)}; {@code countInRange(2, 100_000)} is 9592.
   */
  public static long countInRange(long from, long to) {
    long count = 0;
    for (long n = from; n < to; n++) {
      if (isPrime(n)) {
        count++;
      }
    }
    return count;
  }

  /** Returns how many primes lie in {@code range}. */
  public static long countIn(Range range) {
    return countInRange(range.from(), range.to());
  }
}
