package dev.chapter20.executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.chapter20.common.RecordingSink;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor.DiscardPolicy;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD)
class PushBackWhenFullTest {

  private final RecordingSink sink = new RecordingSink();

  @RepeatedTest(10)
  void thePoolThreadRunsTheFirstTaskThenTheQueuedOnesInOrder() {
    PushBackWhenFull.run(sink);

    assertEquals(
        List.of("task 1 holds the only thread", "task 2", "task 3"), sink.textsFrom("pool-1"));
  }

  @RepeatedTest(10)
  void withTheQueueFullTheCallerRunsTheTaskItselfThenAbortPolicyRefuses() {
    PushBackWhenFull.run(sink);

    assertEquals(
        List.of(
            "submitted task 2; queued: 1",
            "submitted task 3; queued: 2",
            "task 4",
            "submitted task 4; queued: 2",
            "task 5",
            "submitted task 5; queued: 2",
            "AbortPolicy: task 6 refused with RejectedExecutionException",
            "the pool is closed; task 6 never ran"),
        sink.textsFrom(Thread.currentThread().getName()));
    assertFalse(sink.texts().contains("task 6"), sink.texts()::toString);
  }

  @Test
  void theJdksFixedPoolQueuesWithoutBound() {
    try (ExecutorService fixed = Executors.newFixedThreadPool(1)) {
      ThreadPoolExecutor pool = (ThreadPoolExecutor) fixed;
      assertEquals(Integer.MAX_VALUE, pool.getQueue().remainingCapacity());
    }
  }

  @Test
  void aTaskDroppedByDiscardPolicyLeavesAFutureThatNeverCompletes() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Future<String> dropped;
    try (ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1), new DiscardPolicy())) {
      try {
        pool.submit(
            () -> {
              release.await();
              return "held";
            });
        pool.submit(() -> "queued");
        dropped = pool.submit(() -> "dropped");
      } finally {
        release.countDown();
      }
    }

    assertFalse(dropped.isDone()); // the pool has terminated; nothing will ever complete it
    assertEquals(Future.State.RUNNING, dropped.state()); // what state() says of a task never run
  }
}
