package dev.chapter20.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.common.RecordingSink;
import dev.chapter20.common.process.ChildJvm;
import dev.chapter20.common.process.JvmLauncher;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three children at once: each one's exit code comes back through {@code onExit()}, the one past
 * its limit is stopped, every line of output arrives in its child's order, and no child is left.
 */
@Timeout(60)
class SubprocessesTest {

  @Test
  void eachChildEndsWithItsOwnCodeAndTheEndlessOneIsStoppedAtItsLimit() throws Exception {
    RecordingSink out = new RecordingSink();

    Map<String, Integer> codes = Subprocesses.run(out);

    assertEquals(List.of("quick", "failing", "endless"), List.copyOf(codes.keySet()));
    assertEquals(0, codes.get("quick"));
    assertEquals(3, codes.get("failing"));
    assertNotEquals(0, codes.get("endless"), "stopped by a signal, not ended by itself");
    List<String> lines = out.texts();
    assertTrue(lines.contains("endless still running after 1000 ms: destroy()"), lines.toString());
    assertEquals(List.of("quick: tick 1", "quick: tick 2", "quick: tick 3"), from("quick", lines));
    assertEquals(List.of("failing: tick 1", "failing: tick 2"), from("failing", lines));
    assertFalse(from("endless", lines).isEmpty(), "the endless child ticked before it was stopped");
    for (String line : lines) {
      if (line.contains(" started, pid ")) {
        long pid = Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
        assertFalse(
            ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
            line + ": still alive");
      }
    }
  }

  @Test
  void theChildRunWithoutArgumentsSaysWhatItIsInOneLine() throws Exception {
    try (ChildJvm child = JvmLauncher.forMain(TickingChild.class).start()) {
      assertEquals(2, child.waitFor(Duration.ofSeconds(30)));
      List<String> said = child.stderrTail();
      assertEquals(1, said.size(), said.toString());
      assertTrue(said.getFirst().startsWith("TickingChild is the child program"), said.toString());
    }
  }

  private static List<String> from(String child, List<String> lines) {
    return lines.stream().filter(line -> line.startsWith(child + ": ")).toList();
  }
}
