package dev.chapter20.common;

import java.util.Locale;

/** Formats measured times and rates with their units, the way the examples print them. */
public final class Durations {

  private Durations() {}

  /** Formats nanoseconds with a unit and three significant digits: 950 ns, 1.25 ms, 21.0 s. */
  public static String format(long nanos) {
    if (nanos < 1_000) {
      return nanos + " ns";
    }
    if (nanos < 999_500) {
      return threeDigits(nanos / 1e3) + " us";
    }
    if (nanos < 999_500_000) {
      return threeDigits(nanos / 1e6) + " ms";
    }
    return threeDigits(nanos / 1e9) + " s";
  }

  /** Formats a count per second with thousands separators: {@code 2,400,000/s}. */
  public static String rate(long count, long nanos) {
    return String.format(Locale.ROOT, "%,.0f/s", count * 1e9 / nanos);
  }

  private static String threeDigits(double value) {
    String pattern = value >= 99.95 ? "%.0f" : value >= 9.995 ? "%.1f" : "%.2f";
    return String.format(Locale.ROOT, pattern, value);
  }
}
