package dev.chapter20.executors.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chapter20.executors.pool.TestTasks.Pid;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code maxTasksPerWorker}, Python's {@code max_tasks_per_child}: each worker JVM runs that many
 * tasks and is replaced, between two tasks; no task is lost or left waiting (the hang of cpython
 * gh-115634).
 */
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RecycleWorkersTest {

  @RegisterExtension final PoolFixture fixture = new PoolFixture();

  @Test
  void eachWorkerRunsItsNumberOfTasksThenAnotherTakesItsPlace() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(builder -> builder.workers(1).maxTasksPerWorker(3));

    List<Long> pids = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      pids.add(pool.submit(new Pid()).get());
    }

    Map<Long, Long> tasksPerPid =
        pids.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    assertEquals(3, tasksPerPid.size(), pids.toString());
    assertEquals(new HashSet<>(List.of(3L)), new HashSet<>(tasksPerPid.values()), pids.toString());
  }

  @Test
  void tasksQueuedWhileWorkersAreReplacedAllRun() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(builder -> builder.workers(2).maxTasksPerWorker(1));
    List<CompletableFuture<Long>> futures = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      futures.add(pool.submit(new Pid()));
    }

    HashSet<Long> pids = new HashSet<>();
    for (CompletableFuture<Long> future : futures) {
      pids.add(future.get());
    }

    assertEquals(12, pids.size(), "one worker JVM per task");
    pool.close(); // and the pool still ends
  }

  @Test
  void tenTasksQueuedAtOnceBehindOneWorkerThatRunsTwoEachAllEnd() throws Exception {
    // The shape of cpython gh-115634's reproducer, which hung.
    ProcessPoolExecutor pool = fixture.pool(builder -> builder.workers(1).maxTasksPerWorker(2));
    List<CompletableFuture<Long>> futures = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      futures.add(pool.submit(new Pid()));
    }

    HashSet<Long> pids = new HashSet<>();
    for (CompletableFuture<Long> future : futures) {
      pids.add(future.get());
    }

    assertEquals(5, pids.size());
  }

  @Test
  void aWorkerRunsAtLeastOneTask() {
    assertThrows(
        IllegalArgumentException.class, () -> ProcessPoolExecutor.builder().maxTasksPerWorker(0));
  }
}
