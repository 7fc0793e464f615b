package dev.chapter20.async;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chapter20.common.RecordingSink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * A pool of one thread stands in for the common pool of a 2-core machine, so the result does not
 * depend on this machine's cores or on what else uses the common pool.
 */
@Timeout(value = 30, threadMode = ThreadMode.SEPARATE_THREAD)
class BlockingInCommonPoolTest {

  private final RecordingSink sink = new RecordingSink();

  @Test
  void aBlockingStageHoldingThePoolsOnlyThreadKeepsTheQuickStageFromRunning() throws Exception {
    try (ForkJoinPool pool = new ForkJoinPool(1)) {
      int gaveUp = BlockingInCommonPool.blockThenQuick(sink, pool, pool, 1, Duration.ofMillis(200));

      assertEquals(1, gaveUp);
      assertEquals(
          List.of("gave up after 200 ms: the quick stage is stuck", "quick stage runs"),
          sink.texts());
    }
  }

  @Test
  void blockingOnVirtualThreadsLeavesThePoolFreeForTheQuickStage() throws Exception {
    try (ForkJoinPool pool = new ForkJoinPool(1);
        ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
      // A bound far beyond any scheduling delay: only a starved pool could reach it.
      int gaveUp =
          BlockingInCommonPool.blockThenQuick(sink, virtual, pool, 4, Duration.ofSeconds(20));

      assertEquals(0, gaveUp);
      assertEquals(List.of("quick stage runs"), sink.texts());
    }
  }
}
