package dev.chapter20.executors;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.common.RecordingSink;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Away from a terminal, the bars become plain lines, and both ways count the same primes. */
@Timeout(60)
class ProgressBarsTest {

  @Test
  void withoutATerminalTheBarsArePlainLinesThatReachTheEnd() throws Exception {
    RecordingSink out = new RecordingSink();

    ProgressBars.run(out, false);

    List<String> lines = out.texts();
    assertTrue(lines.contains("primes below 200000: 17984"), lines.toString());
    assertTrue(
        lines.contains("the same, counted in 40 ranges on 2 threads: 17984"), lines.toString());
    for (String task : List.of("imapUnordered", "completion service")) {
      assertTrue(
          lines.stream().anyMatch(line -> line.startsWith(task) && line.contains("100%")),
          task + " reached 100%: " + lines);
    }
    assertTrue(lines.stream().noneMatch(line -> line.contains("\r")), "no redrawing");
  }
}
