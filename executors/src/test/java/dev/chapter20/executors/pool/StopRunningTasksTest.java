package dev.chapter20.executors.pool;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.executors.Identity;
import dev.chapter20.executors.pool.TestTasks.Pid;
import dev.chapter20.executors.pool.TestTasks.WaitForFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Python's pools cannot do: stop a task that is running, by cancelling it or by its timeout.
 * Its worker is killed and replaced; no other task is touched.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StopRunningTasksTest {

  @RegisterExtension final PoolFixture fixture = new PoolFixture();

  @TempDir Path dir;

  @Test
  void cancelTrueStopsARunningTaskAndAnotherWorkerTakesItsPlace() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(1);
    CompletableFuture<String> endless = pool.submit(new WaitForFile(gate("never")));
    long pid = fixture.pidOfWorkerAtGate();
    CompletableFuture<Long> next = pool.submit(new Pid()); // queued behind it: one worker

    assertTrue(endless.cancel(true));

    assertTrue(endless.isCancelled());
    assertThrows(CancellationException.class, endless::get);
    await().atMost(Duration.ofSeconds(10)).until(() -> !PoolFixture.alive(pid));
    assertNotEquals(pid, next.get(), "the queued task ran, on a new worker");
  }

  @Test
  void cancelFalseLetsTheRunningTaskFinishOnItsWorker() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(1);
    Path gate = dir.resolve("gate");
    CompletableFuture<String> running = pool.submit(new WaitForFile(gate.toString()));
    long pid = fixture.pidOfWorkerAtGate();

    assertTrue(running.cancel(false));
    Files.createFile(gate);

    assertEquals(pid, pool.submit(new Pid()).get(), "the same worker, after the task ended");
    assertThrows(CancellationException.class, running::get);
  }

  @Test
  void aTaskPastItsTimeoutFailsWithTimeoutExceptionAndTheOthersRunOn() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(2);
    CompletableFuture<String> slow =
        pool.submit(new WaitForFile(gate("never")), Duration.ofMillis(300));
    long pid = fixture.pidOfWorkerAtGate();

    ExecutionException failure = assertThrows(ExecutionException.class, slow::get);

    TimeoutException timeout = assertInstanceOf(TimeoutException.class, failure.getCause());
    assertTrue(
        timeout.getMessage().contains("ran longer than its timeout of PT0.3S"),
        timeout.getMessage());
    await().atMost(Duration.ofSeconds(10)).until(() -> !PoolFixture.alive(pid));
    for (int i = 0; i < 20; i++) {
      assertEquals(i, pool.submit(new Identity(i)).get());
    }
  }

  @Test
  void aTaskThatEndsInTimeKeepsItsWorker() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(1);
    long pid = pool.submit(new Pid()).get();

    for (int i = 0; i < 100; i++) {
      assertEquals(i, pool.submit(new Identity(i), Duration.ofSeconds(30)).get());
    }

    assertEquals(pid, pool.submit(new Pid()).get());
  }

  @Test
  void aShorterTimeoutStartedLaterEndsItsTaskFirst() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(2);
    CompletableFuture<String> patient =
        pool.submit(new WaitForFile(gate("never")), Duration.ofSeconds(50));
    fixture.pidOfWorkerAtGate();

    CompletableFuture<String> hasty =
        pool.submit(new WaitForFile(gate("never either")), Duration.ofMillis(300));

    // the timer, set for 50 s by the first task, woke earlier for the second
    ExecutionException failure =
        assertThrows(ExecutionException.class, () -> hasty.get(30, TimeUnit.SECONDS));
    assertInstanceOf(TimeoutException.class, failure.getCause());
    assertFalse(patient.isDone(), "the first task runs on until its own deadline");
    assertTrue(patient.cancel(true));
  }

  @Test
  void timeoutsGoOnFiringOneAfterAnother() throws Exception {
    ProcessPoolExecutor pool =
        fixture.pool(builder -> builder.workers(1).taskTimeout(Duration.ofMillis(100)));

    for (int round = 0; round < 3; round++) {
      CompletableFuture<String> stuck = pool.submit(new WaitForFile(gate("never")));
      ExecutionException failure = assertThrows(ExecutionException.class, stuck::get);
      assertInstanceOf(TimeoutException.class, failure.getCause());
      // its own timeout, as a cold worker may take longer than 100 ms over its first task
      assertEquals(round, pool.submit(new Identity(round), Duration.ofSeconds(30)).get());
    }
  }

  @Test
  void aTimeoutForEveryTaskComesFromTheBuilder() throws Exception {
    ProcessPoolExecutor pool =
        fixture.pool(builder -> builder.workers(1).taskTimeout(Duration.ofMillis(300)));

    ExecutionException failure =
        assertThrows(
            ExecutionException.class, () -> pool.submit(new WaitForFile(gate("never"))).get());

    assertInstanceOf(TimeoutException.class, failure.getCause());
    assertFalse(pool.submit(new Pid()).isCompletedExceptionally());
    assertThrows(IllegalArgumentException.class, () -> pool.submit(new Pid(), Duration.ZERO));
  }

  private String gate(String name) {
    return dir.resolve(name).toString();
  }
}
