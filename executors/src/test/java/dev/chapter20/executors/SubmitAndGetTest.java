package dev.chapter20.executors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chapter20.common.RecordingSink;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class SubmitAndGetTest {

  private static final List<String> EXPECTED =
      List.of(
          "6 * 7 = 42",
          "no result after 20 ms; the task is RUNNING",
          "cancel(true) returned true; the task is now CANCELLED",
          "the pool is closed");

  private final RecordingSink sink = new RecordingSink();

  @Test
  void resultArrivesThenTheWaitForATaskThatNeverEndsTimesOutAndCancelInterruptsIt()
      throws InterruptedException, ExecutionException {
    CountDownLatch interrupted = new CountDownLatch(1);
    Callable<String> neverEnds =
        () -> {
          try {
            new CountDownLatch(1).await(); // nothing opens it: only an interrupt ends the wait
            return "never";
          } catch (InterruptedException e) {
            interrupted.countDown();
            throw e;
          }
        };

    SubmitAndGet.run(sink, neverEnds);

    assertEquals(EXPECTED, sink.texts());
    // run() returned, so close() saw the task end: it can only have ended by the interrupt.
    assertEquals(0, interrupted.getCount());
  }

  @Test
  void demoGivesUpOnItsMinuteLongTaskAndClosesAtOnce()
      throws InterruptedException, ExecutionException {
    SubmitAndGet.run(sink);

    assertEquals(EXPECTED, sink.texts());
  }
}
