package dev.chapter20.async;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chapter20.common.RecordingSink;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Results come out in the order the tasks finished, the reverse of the order they started. */
@Timeout(10)
class AsCompletedOnVirtualThreadsTest {

  @Test
  void resultsComeInTheOrderTheTasksFinished() throws Exception {
    assertEquals(
        List.of("third started, finished", "second started, finished", "first started, finished"),
        AsCompletedOnVirtualThreads.run(new RecordingSink()));
  }
}
