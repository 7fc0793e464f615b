package dev.chapter20.executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.common.RecordingSink;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class MapInInputOrderTest {

  private static final int TASKS = 5;

  private final List<Integer> finished = Collections.synchronizedList(new ArrayList<>());

  /**
   * Returns tasks that square their index and finish last to first: each waits until the task after
   * it has finished. They need a pool with a thread for each, or the first would wait for a task
   * that never gets a thread.
   */
  private List<Callable<Integer>> finishingInReverse() {
    List<CountDownLatch> done = new ArrayList<>();
    for (int i = 0; i < TASKS; i++) {
      done.add(new CountDownLatch(1));
    }
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < TASKS; i++) {
      int index = i;
      tasks.add(
          () -> {
            if (index + 1 < TASKS) {
              done.get(index + 1).await();
            }
            finished.add(index);
            done.get(index).countDown();
            return index * index;
          });
    }
    return tasks;
  }

  @Test
  void mapReturnsResultsInInputOrderWhenTasksFinishInReverse()
      throws InterruptedException, ExecutionException {
    List<Integer> results;
    try (ExecutorService pool = Executors.newFixedThreadPool(TASKS)) {
      results = MapInInputOrder.map(pool, finishingInReverse());
    }

    assertEquals(List.of(0, 1, 4, 9, 16), results);
    assertEquals(List.of(4, 3, 2, 1, 0), finished);
  }

  @Test
  void invokeAllReturnsResultsInInputOrderWhenTasksFinishInReverse()
      throws InterruptedException, ExecutionException {
    List<Integer> results;
    try (ExecutorService pool = Executors.newFixedThreadPool(TASKS)) {
      results = MapInInputOrder.mapWithInvokeAll(pool, finishingInReverse());
    }

    assertEquals(List.of(0, 1, 4, 9, 16), results);
    assertEquals(List.of(4, 3, 2, 1, 0), finished);
  }

  @Test
  void demoPrintsBothResultListsInInputOrderAfterEveryTaskFinished()
      throws InterruptedException, ExecutionException {
    RecordingSink sink = new RecordingSink();

    MapInInputOrder.run(sink);

    List<String> texts = sink.texts();
    assertEquals(10, texts.size(), texts::toString);
    assertEquals("map, in input order: [1, 4, 9, 16]", texts.get(4));
    assertEquals("invokeAll, in input order: [1, 4, 9, 16]", texts.get(9));
    assertTrue(texts.subList(0, 4).stream().allMatch(t -> t.endsWith("squared is ready")));
  }
}
