package dev.chapter20.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.chapter20.common.RecordingSink;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD)
class GatherReturnExceptionsTest {

  @Test
  void everyOutcomeComesBackInInputOrderFailuresAsTheirException() {
    IllegalStateException failure = new IllegalStateException("no");
    CompletableFuture<String> cancelled = new CompletableFuture<>();
    cancelled.cancel(true);

    List<Object> outcomes =
        GatherReturnExceptions.gatherReturningExceptions(
            List.of(
                CompletableFuture.completedFuture("a"),
                CompletableFuture.failedFuture(failure),
                cancelled,
                CompletableFuture.supplyAsync(() -> "d")));

    assertEquals("a", outcomes.get(0));
    assertEquals(failure, outcomes.get(1));
    assertInstanceOf(CancellationException.class, outcomes.get(2));
    assertEquals("d", outcomes.get(3));
  }

  @Test
  void theDemoGathersEveryTaskThoughOneFailed() {
    RecordingSink sink = new RecordingSink();

    List<Object> outcomes = GatherReturnExceptions.run(sink);

    assertEquals("result 1", outcomes.get(0));
    assertEquals("task 2 failed", ((IllegalStateException) outcomes.get(1)).getMessage());
    assertEquals("result 3", outcomes.get(2));
    assertEquals(
        List.of(
            "allOf(...).join() threw: task 2 failed",
            "handle(), like return_exceptions=True: [result 1, "
                + "java.lang.IllegalStateException: task 2 failed, result 3]",
            "exceptionally(): [result 1, (fallback), result 3]"),
        sink.texts());
  }
}
