package dev.chapter20.executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The measuring main runs each way of mapping in its own JVM, with each heap, and checks every
 * answer: with few items, all four runs succeed. (Its figures are not checked: they are timings.)
 */
@Timeout(120)
class MeasureStreamMemoryTest {

  @Test
  void eachWayRunsWithEachHeapAndGivesTheRightAnswer() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    MeasureStreamMemory.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), 100_000);

    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(5, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("squaring 100,000 numbers"), lines.get(0));
    List<String> runs = lines.subList(1, 5);
    for (String expected : List.of("heap 64m  map", "heap 64m  imapUnordered", "heap 1g   map")) {
      assertTrue(runs.stream().anyMatch(l -> l.startsWith(expected)), expected + " in " + runs);
    }
    assertTrue(
        runs.stream().allMatch(l -> l.contains("100,000 results in ") && l.contains(" MiB ")),
        runs.toString());
  }
}
