package dev.chapter20.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.common.RecordingSink;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The step that never ends is stopped by what is left of the budget, not by a budget of its own.
 */
@Timeout(10)
class SharedDeadlineTest {

  @Test
  void eachWaitGetsWhatIsLeftAndTheEndlessStepRunsOutOfTime() throws Exception {
    RecordingSink out = new RecordingSink();

    List<Long> given = SharedDeadline.run(out);

    assertEquals(3, given.size(), out.texts().toString());
    assertTrue(given.get(0) > given.get(1), given.toString());
    assertTrue(given.get(1) > given.get(2), given.toString());
    assertTrue(
        out.texts().getLast().startsWith("the next step ran out of the 200 ms budget"),
        out.texts().toString());
  }
}
