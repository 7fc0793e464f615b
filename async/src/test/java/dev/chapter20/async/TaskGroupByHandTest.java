package dev.chapter20.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * The siblings would sleep 30 s; the test's 10 s timeout fails unless the first failure interrupts
 * them.
 */
@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD)
class TaskGroupByHandTest {

  @Test
  void whenEveryTaskSucceedsTheResultsComeBackInOrder() throws Exception {
    List<Callable<Integer>> tasks = List.of(() -> 1, () -> 2, () -> 3);

    assertEquals(List.of(1, 2, 3), TaskGroupByHand.runAll(tasks));
  }

  @RepeatedTest(5)
  void theFirstFailureInterruptsEverySiblingAndIsRethrown() {
    AtomicInteger interrupted = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    Callable<String> sibling =
        () -> {
          try {
            Thread.sleep(Duration.ofSeconds(30));
            finished.incrementAndGet();
            return "finished";
          } catch (InterruptedException e) {
            interrupted.incrementAndGet();
            throw e;
          }
        };
    IllegalStateException failure = new IllegalStateException("boom");
    Callable<String> failing =
        () -> {
          throw failure;
        };

    Exception thrown =
        assertThrows(
            Exception.class, () -> TaskGroupByHand.runAll(List.of(sibling, sibling, failing)));

    assertSame(failure, thrown);
    assertEquals(2, interrupted.get(), "siblings interrupted");
    assertEquals(0, finished.get(), "siblings that ran to their end");
  }
}
