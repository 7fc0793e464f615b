package dev.chapter20.async;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chapter20.common.RecordingSink;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

/**
 * Ten thousand virtual threads released by one latch add under one lock without losing an update,
 * and the condition wakes the caller only once every one has added.
 */
@Timeout(30)
class LockEventConditionTest {

  @RepeatedTest(3)
  void everyTaskAddsOnceAndTheConditionWakesTheCallerAtTheEnd() throws Exception {
    RecordingSink out = new RecordingSink();

    assertEquals(LockEventCondition.TASKS, LockEventCondition.run(out));

    assertEquals("the condition woke the caller: total 10,000", out.texts().get(1));
  }
}
