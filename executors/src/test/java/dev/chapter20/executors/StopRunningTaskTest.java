package dev.chapter20.executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.common.RecordingSink;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The example stops a task that never ends twice, and each time a new worker answers. */
@Timeout(60)
class StopRunningTaskTest {

  @Test
  void aTimeoutAndCancelTrueEachEndTheWorkerRunningATaskThatNeverEnds() throws Exception {
    RecordingSink out = new RecordingSink();

    StopRunningTask.run(out);

    List<String> lines = out.texts();
    assertTrue(
        lines.contains("get(100 ms) gave up waiting; the task runs on: done=false"),
        lines.toString());
    assertTrue(lines.contains("timeout: TimeoutException"), lines.toString());
    List<String> pids =
        lines.stream()
            .filter(line -> line.contains("from pid ") || line.startsWith("one worker, pid "))
            .map(line -> line.replaceAll(".*pid \\[?(\\d+)\\]?$", "$1"))
            .toList();
    assertEquals(3, pids.size(), lines.toString());
    assertNotEquals(pids.get(0), pids.get(1), "cancel(true) replaced the worker");
    assertNotEquals(pids.get(1), pids.get(2), "the timeout replaced the worker");
  }
}
