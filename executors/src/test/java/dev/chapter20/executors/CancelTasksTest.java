package dev.chapter20.executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.common.RecordingSink;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

/**
 * The job sleeps for a minute unless interrupted, so a cancel that failed to stop it would trip the
 * timeout instead of passing slowly.
 */
@Timeout(10)
class CancelTasksTest {

  private final RecordingSink sink = new RecordingSink();

  @RepeatedTest(10)
  void queuedTaskCancelledNeverRunsAndRunningJobCancelledWithInterruptStops()
      throws InterruptedException, ExecutionException {
    CancelTasks.run(sink);

    List<String> texts = sink.texts();
    assertEquals("job: started, needs a minute", texts.getFirst());
    assertTrue(texts.contains("cancel(false) on the queued task: true"), texts::toString);
    assertTrue(texts.contains("cancel(true) on the running job: true"), texts::toString);
    assertTrue(texts.contains("isCancelled: queued true, job true"), texts::toString);
    assertTrue(texts.contains("get() on the job threw CancellationException"), texts::toString);
    assertTrue(texts.contains("job: interrupted, stopping early"), texts::toString);
    assertFalse(texts.contains("job: finished"), texts::toString);
    assertFalse(texts.contains("the queued task ran"), texts::toString);
    assertEquals("the pool is closed; the queued task never ran", texts.getLast());
    assertEquals(7, texts.size(), texts::toString);
  }
}
