package dev.chapter20.executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(10)
class PrimesTest {

  @Test
  void countsThe9592PrimesBelowOneHundredThousand() {
    assertEquals(9592, Primes.countInRange(2, 100_000));
  }

  @Test
  void knowsTheSmallPrimesAndTheEdges() {
    List<Long> primes = LongStream.range(-3, 30).filter(Primes::isPrime).boxed().toList();
    assertEquals(List.of(2L, 3L, 5L, 7L, 11L, 13L, 17L, 19L, 23L, 29L), primes);
    assertTrue(Primes.isPrime(2_147_483_647L)); // 2^31 - 1
    assertFalse(Primes.isPrime(2_147_483_647L * 3));
    assertEquals(0, Primes.countInRange(10, 10));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 16, 100, 99_998})
  void chunksCoverTheRangeOnceInOrderAndCountTheSame(int parts) {
    List<Range> chunks = Range.split(2, 100_000, parts);

    assertEquals(parts, chunks.size());
    assertEquals(2, chunks.getFirst().from());
    assertEquals(100_000, chunks.getLast().to());
    for (int i = 1; i < chunks.size(); i++) {
      assertEquals(chunks.get(i - 1).to(), chunks.get(i).from());
    }
    long smallest = chunks.stream().mapToLong(Range::size).min().orElseThrow();
    long largest = chunks.stream().mapToLong(Range::size).max().orElseThrow();
    assertTrue(largest - smallest <= 1, () -> smallest + " to " + largest);
    assertEquals(9592, chunks.stream().mapToLong(Primes::countIn).sum());
  }

  @Test
  void moreChunksThanNumbersGivesEmptyChunks() {
    List<Range> chunks = Range.split(0, 3, 5);

    assertEquals(
        List.of(
            new Range(0, 1), new Range(1, 2), new Range(2, 3), new Range(3, 3), new Range(3, 3)),
        chunks);
  }

  @Test
  void rejectsAReversedRangeAndNoParts() {
    assertThrows(IllegalArgumentException.class, () -> new Range(5, 4));
    assertThrows(IllegalArgumentException.class, () -> Range.split(0, 10, 0));
  }
}
