package dev.chapter20.executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.common.RecordingSink;
import dev.chapter20.executors.FirstCompleted.FirstDone;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class FirstCompletedTest {

  /** Returns a task that waits until an interrupt, counting it down on {@code interrupted}. */
  private static Callable<String> untilInterrupted(CountDownLatch interrupted) {
    return () -> {
      try {
        new CountDownLatch(1).await(); // nothing opens it
        return "never";
      } catch (InterruptedException e) {
        interrupted.countDown();
        throw e;
      }
    };
  }

  @RepeatedTest(10)
  void waitForFirstReturnsTheFirstToFinishWhileTheOthersAreNotDone()
      throws InterruptedException, ExecutionException {
    Callable<String> blocked =
        () -> {
          new CountDownLatch(1).await(); // nothing opens it: the task ends only when cancelled
          return "never";
        };
    List<Callable<String>> tasks = List.of(blocked, () -> "fast", blocked);

    try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
      FirstDone<String> firstDone = FirstCompleted.waitForFirst(pool, tasks);

      assertEquals("fast", firstDone.first().get());
      assertEquals(2, firstDone.others().size());
      for (Future<String> other : firstDone.others()) {
        assertFalse(other.isDone());
        other.cancel(true); // interrupts it, or withdraws it if it has not started yet
      }
    }
  }

  @RepeatedTest(10)
  void invokeAnyReturnsTheFirstResultAndInterruptsTheOthers()
      throws InterruptedException, ExecutionException {
    CountDownLatch allStarted = new CountDownLatch(3);
    CountDownLatch interrupted = new CountDownLatch(2);
    Callable<String> loser = untilInterrupted(interrupted);
    List<Callable<String>> tasks = new ArrayList<>();
    tasks.add(
        () -> {
          allStarted.countDown();
          return loser.call();
        });
    tasks.add(
        () -> {
          allStarted.countDown();
          allStarted.await(); // win only once all three run, so each loser has a thread to stop
          return "winner";
        });
    tasks.add(tasks.getFirst());

    try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
      assertEquals("winner", pool.invokeAny(tasks));
      interrupted.await(); // returns only once both losers were interrupted
    }
  }

  @Test
  void demoTakesTheFastestMirrorTwice() throws InterruptedException, ExecutionException {
    RecordingSink sink = new RecordingSink();

    FirstCompleted.run(sink);

    List<String> texts = sink.textsFrom(Thread.currentThread().getName());
    assertEquals(3, texts.size(), texts::toString);
    assertTrue(texts.get(0).startsWith("first done: mirror-"), texts::toString);
    assertTrue(texts.get(2).startsWith("invokeAny: mirror-"), texts::toString);
  }
}
