package dev.chapter20.threading;

import dev.chapter20.threading.support.CounterRace;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows the bug the {@code Lock} of section 20.1.2 prevents: two threads incrementing a {@link
 * RacyCounter} a million times each end with less than 2,000,000.
 *
 * <p>How many updates are lost changes from run to run, and a run can by chance lose none, so the
 * race is repeated a few times. The count of attempts is bounded: the demo always ends.
 *
 * <p><b>Threading:</b> see {@link CounterRace}.
 */
public final class LostUpdates {

  private static final int ATTEMPTS = 5;

  private LostUpdates() {}

  /** Runs the racy counter up to five times, stopping at the first race that loses updates. */
  public static void run(PrintStream out) throws InterruptedException {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      CounterRace.Result result = CounterRace.run(new RacyCounter());
      out.printf(
          Locale.ROOT,
          "attempt %d: expected %,d, got %,d: %,d updates lost%n",
          attempt,
          result.expected(),
          result.value(),
          result.lost());
      if (result.lost() > 0) {
        out.println("why: value++ reads the count, adds one and writes it back. When both threads");
        out.println("read the same count, both write count + 1, and one increment vanishes.");
        return;
      }
    }
    out.println("no update lost this time: the race is real but timing-dependent; run it again.");
  }

  public static void main(String[] args) throws InterruptedException {
    run(System.out);
  }
}
