package dev.chapter20.executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.common.RecordingSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class AsCompletedTest {

  @RepeatedTest(10)
  void resultsArriveInTheOrderTheTasksFinishNotTheOrderTheyWereSubmitted()
      throws InterruptedException, ExecutionException {
    List<Integer> order = List.of(2, 0, 3, 1);
    List<CountDownLatch> gates = new ArrayList<>();
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < order.size(); i++) {
      CountDownLatch gate = new CountDownLatch(1);
      int index = i;
      gates.add(gate);
      tasks.add(
          () -> {
            gate.await();
            return index;
          });
    }
    List<Integer> arrived = new ArrayList<>(); // only the caller's thread touches it
    // Only one task can finish at a time: the next gate opens when the previous result arrived.
    gates.get(order.get(0)).countDown();

    try (ExecutorService pool = Executors.newFixedThreadPool(order.size())) {
      AsCompleted.asCompleted(
          pool,
          tasks,
          index -> {
            arrived.add(index);
            if (arrived.size() < order.size()) {
              gates.get(order.get(arrived.size())).countDown();
            }
          });
    }

    assertEquals(order, arrived);
  }

  @Test
  void demoHandlesEachResultOnTheCallerAfterItsTaskFinished()
      throws InterruptedException, ExecutionException {
    RecordingSink sink = new RecordingSink();

    AsCompleted.run(sink);

    List<String> texts = sink.texts();
    assertEquals(9, texts.size(), texts::toString);
    for (int n : MapInInputOrder.NUMBERS) {
      int ready = texts.indexOf(n + " squared is ready");
      int got = texts.indexOf("got " + n * n);
      assertTrue(0 <= ready && ready < got, texts::toString);
    }
    List<String> fromCaller = sink.textsFrom(Thread.currentThread().getName());
    assertEquals(Set.of("got 1", "got 4", "got 9", "got 16"), Set.copyOf(fromCaller.subList(0, 4)));
    assertEquals("each result was handled as soon as its task finished", texts.getLast());
  }
}
