package dev.chapter20.executors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(60)
class CpuBoundThreadsTest {

  static Stream<Integer> poolSizes() {
    return Stream.of(1, 2, 3, Runtime.getRuntime().availableProcessors(), 16);
  }

  @ParameterizedTest
  @MethodSource("poolSizes")
  void everyPoolSizeCountsTheSame(int threads) throws InterruptedException, ExecutionException {
    assertEquals(9592, CpuBoundThreads.countWithPool(threads, 2, 100_000));
  }

  @Test
  void parallelStreamCountsTheSame() {
    assertEquals(9592, CpuBoundThreads.countWithParallelStream(2, 100_000));
  }

  /**
   * JCIP's check: tasks that wait at a barrier for as many parties as the pool has threads. Each
   * batch of tasks can only pass once that many run at once (fewer threads would hang until the
   * timeout), and the peak shows that no more ever do.
   */
  @Test
  void fixedPoolRunsExactlyItsSizeOfTasksAtOnce() throws Exception {
    int size = 3;
    CyclicBarrier allRunning = new CyclicBarrier(size);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    Set<String> threads = ConcurrentHashMap.newKeySet();

    try (ExecutorService pool = CpuBoundThreads.newPool(size)) {
      List<Future<Integer>> tasks =
          IntStream.range(0, 4 * size)
              .mapToObj(
                  i ->
                      pool.submit(
                          () -> {
                            threads.add(Thread.currentThread().getName());
                            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                            allRunning.await();
                            running.decrementAndGet();
                            return i;
                          }))
              .toList();
      for (Future<Integer> task : tasks) {
        task.get();
      }
    }

    assertEquals(size, peak.get());
    assertEquals(Set.of("prime-1", "prime-2", "prime-3"), threads);
  }

  @Test
  void demoPrintsTheSameCountForEveryWay() throws InterruptedException, ExecutionException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    CpuBoundThreads.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    List<String> rows =
        bytes
            .toString(StandardCharsets.UTF_8)
            .lines()
            .filter(l -> l.matches(".*\\d\\.\\d\\dx"))
            .toList();
    long poolRows = Stream.of(1, 2, Runtime.getRuntime().availableProcessors()).distinct().count();
    assertEquals(2 + poolRows, rows.size(), rows::toString);
    for (String row : rows) {
      assertEquals("216,816", row.substring(25, 34).strip(), row);
    }
  }
}
