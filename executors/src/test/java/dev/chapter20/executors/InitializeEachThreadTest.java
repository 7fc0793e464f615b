package dev.chapter20.executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.common.RecordingSink;
import dev.chapter20.common.RecordingSink.Line;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD)
class InitializeEachThreadTest {

  private static final Pattern ORDER = Pattern.compile("order (\\d) saved by (\\S+) on (.+)");

  private final RecordingSink sink = new RecordingSink();

  /** Returns which thread opened each connection, from the lines the set-up printed. */
  private Map<String, String> openedBy() {
    return sink.lines().stream()
        .filter(l -> l.text().startsWith("opened "))
        .collect(
            Collectors.toMap(
                l -> l.text().substring("opened ".length(), l.text().indexOf(" to ")),
                Line::thread));
  }

  @RepeatedTest(10)
  void eachThreadSetsUpOnceBeforeItsTasksNotOncePerTask() throws Exception {
    InitializeEachThread.run(sink);

    assertEquals(2, sink.texts().stream().filter(t -> t.endsWith(" to db://orders")).count());
    assertEquals(Set.of("connection 1", "connection 2"), openedBy().keySet());
    assertEquals(Set.of("pool-1", "pool-2"), Set.copyOf(openedBy().values()));
    for (String thread : List.of("pool-1", "pool-2")) {
      assertTrue(sink.textsFrom(thread).get(0).startsWith("opened "), sink.texts()::toString);
    }
  }

  @RepeatedTest(10)
  void everyTaskUsesTheConnectionItsOwnThreadOpened() throws Exception {
    InitializeEachThread.run(sink);

    List<String> orders = sink.texts().stream().filter(t -> t.startsWith("order ")).toList();
    assertEquals(IntStream.rangeClosed(1, 6).boxed().toList(), numbers(orders));
    for (String order : orders) {
      Matcher parts = ORDER.matcher(order);
      assertTrue(parts.matches(), order);
      assertEquals(parts.group(2), openedBy().get(parts.group(3)), order);
    }
  }

  @RepeatedTest(3)
  void eachThreadClosesItsOwnConnectionBeforeTheLastLine() throws Exception {
    InitializeEachThread.run(sink);

    List<Line> closing =
        sink.lines().stream().filter(l -> l.text().startsWith("closing ")).toList();
    assertEquals(2, closing.size(), closing::toString);
    for (Line line : closing) {
      assertEquals(openedBy().get(line.text().substring("closing ".length())), line.thread());
    }
    List<String> texts = sink.texts();
    assertEquals(
        "the pool is closed, and each thread closed its connection", texts.get(texts.size() - 1));
  }

  /** The trap the Javadoc warns of: a set-up that throws loses the thread's first task. */
  @Test
  void aSetUpThatThrowsLeavesTheFirstTaskUnfinishedAndThePoolNeverTerminates() throws Exception {
    BlockingQueue<Thread> started = new ArrayBlockingQueue<>(1);
    BlockingQueue<Throwable> uncaught = new LinkedBlockingQueue<>();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            poolLoop -> {
              Thread thread =
                  Thread.ofPlatform()
                      .uncaughtExceptionHandler((t, e) -> uncaught.add(e))
                      .unstarted(
                          () -> {
                            throw new IllegalStateException("cannot connect"); // before the loop
                          });
              started.add(thread);
              return thread;
            });
    try {
      Future<Integer> first = pool.submit(() -> 42);
      started.take().join(); // the only pool thread has died

      assertEquals("cannot connect", uncaught.take().getMessage());
      assertFalse(first.isDone());
      pool.shutdownNow();
      assertFalse(pool.isTerminated()); // it still counts the dead thread as a worker
    } finally {
      pool.shutdownNow(); // no thread is left to stop; the pool object is simply dropped
    }
  }

  private static List<Integer> numbers(List<String> orders) {
    return orders.stream().map(o -> Integer.parseInt(o.split(" ")[1])).toList();
  }
}
