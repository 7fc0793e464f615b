package dev.chapter20.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void formatPicksTheUnitAndKeepsThreeSignificantDigits() {
    assertEquals("950 ns", Durations.format(950));
    assertEquals("1.25 us", Durations.format(1_250));
    assertEquals("12.5 us", Durations.format(12_500));
    assertEquals("125 us", Durations.format(125_000));
    assertEquals("1.00 ms", Durations.format(999_999));
    assertEquals("2.10 s", Durations.format(2_100_000_000L));
  }

  @Test
  void rateIsPerSecondWithThousandsSeparators() {
    assertEquals("2,400,000/s", Durations.rate(2_400, 1_000_000));
  }
}
