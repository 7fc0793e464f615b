package dev.chapter20.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.common.ChapterTasks;
import dev.chapter20.common.RecordingSink;
import dev.chapter20.common.RecordingSink.Line;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class TwoTasksOnVirtualThreadsTest {

  private final RecordingSink sink = new RecordingSink();

  /**
   * A pause that ends only when both tasks have reached it: if the tasks ran one after the other,
   * the first would wait for the second forever (here: 5 s, then fail).
   */
  private static TwoTasksOnVirtualThreads.Pause meetTheOtherTask() {
    CyclicBarrier both = new CyclicBarrier(2);
    return () -> {
      try {
        both.await(5, TimeUnit.SECONDS);
      } catch (BrokenBarrierException | TimeoutException e) {
        throw new AssertionError("the other task is not running at the same time", e);
      }
    };
  }

  @RepeatedTest(5)
  void bothTasksRunAtTheSameTimeAndKeepInStep() throws Exception {
    TwoTasksOnVirtualThreads.run(sink, meetTheOtherTask());

    List<String> texts = sink.texts();
    for (int i = 0; i < 9; i++) {
      int nextNumber = texts.indexOf(ChapterTasks.NUMBERS.get(i + 1));
      int nextLetter = texts.indexOf(ChapterTasks.LETTERS.get(i + 1));
      assertTrue(texts.indexOf(ChapterTasks.NUMBERS.get(i)) < nextLetter, texts::toString);
      assertTrue(texts.indexOf(ChapterTasks.LETTERS.get(i)) < nextNumber, texts::toString);
    }
  }

  @RepeatedTest(3)
  void eachTaskPrintsItsItemsInOrderOnItsOwnVirtualThread() throws Exception {
    TwoTasksOnVirtualThreads.run(sink);

    assertEquals(22, sink.lines().size());
    assertEquals(TwoTasksWithCompletableFuture.pauseNote(), sink.lines().get(0).text());
    assertEquals(ChapterTasks.NUMBERS, sink.textsFrom("task-1"));
    assertEquals(ChapterTasks.LETTERS, sink.textsFrom("task-2"));
    Line last = sink.lines().get(21);
    assertEquals(Thread.currentThread().getName(), last.thread());
    assertEquals("both tasks have finished: 20 items", last.text());
  }

  @Test
  void tasksRunOnVirtualThreads() throws Exception {
    Set<Boolean> virtual = java.util.concurrent.ConcurrentHashMap.newKeySet();
    TwoTasksOnVirtualThreads.run(sink, () -> virtual.add(Thread.currentThread().isVirtual()));

    assertEquals(Set.of(true), virtual);
  }

  @Test
  void aFailingTaskFailsTheRunAfterBothHaveEnded() {
    ExecutionException failure =
        assertThrows(
            ExecutionException.class,
            () ->
                TwoTasksOnVirtualThreads.run(
                    sink,
                    () -> {
                      throw new IllegalStateException("pause failed");
                    }));

    assertEquals("pause failed", failure.getCause().getMessage());
    Set<String> printed = sink.texts().stream().collect(Collectors.toSet());
    assertEquals(Set.of("0", "a"), printed, "each task printed one item, then failed");
  }
}
