package dev.chapter20.threading;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chapter20.common.RecordingSink;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * The bound is reached and never passed: each worker waits inside until a partner arrives, which
 * only two workers inside at the same time can do, and the peak the example counts is two.
 */
@Timeout(value = 20, threadMode = ThreadMode.SEPARATE_THREAD)
class LimitWithSemaphoreTest {

  private final RecordingSink sink = new RecordingSink();

  @RepeatedTest(10)
  void twoPermitsLetExactlyTwoWorkersInAtOnce() throws InterruptedException {
    CyclicBarrier pairs = new CyclicBarrier(2);

    int peak = LimitWithSemaphore.run(sink, 8, 2, () -> meet(pairs));

    assertEquals(2, peak);
    assertEquals(8, sink.texts().stream().filter(t -> t.equals("out")).count());
  }

  @RepeatedTest(10)
  void onePermitIsALock() throws InterruptedException {
    assertEquals(1, LimitWithSemaphore.run(sink, 8, 1, Thread::yield));
  }

  private static void meet(CyclicBarrier pairs) throws InterruptedException {
    try {
      pairs.await(5, TimeUnit.SECONDS); // fails unless a second worker is inside too
    } catch (BrokenBarrierException | TimeoutException e) {
      throw new AssertionError("no second worker came in", e);
    }
  }
}
