package dev.chapter20.executors.pool;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.executors.pool.TestTasks.Pid;
import dev.chapter20.executors.pool.TestTasks.StartSleep;
import dev.chapter20.executors.pool.TestTasks.WaitForFile;
import dev.chapter20.executors.pool.transport.JvmStartup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a pool goes down ends, in a stated time, and leaves nothing behind: a frozen worker is
 * killed after the grace period, processes a task started end with their worker, a constructor that
 * fails leaves no process, and a cancelled task leaves the queue at once.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WayDownTest {

  @RegisterExtension final PoolFixture fixture = new PoolFixture();

  @Test
  void closeKillsAFrozenWorkerOnceItsGracePeriodIsOver() throws Exception {
    ProcessPoolExecutor pool =
        fixture.pool(builder -> builder.workers(1).shutdownGrace(Duration.ofSeconds(1)));
    long pid = pool.submit(new Pid()).get();
    signal("STOP", pid); // frozen: a stopped or swapped-out JVM answers nothing

    Thread closer = Thread.ofPlatform().start(pool::close);
    closer.join(Duration.ofSeconds(30));

    assertFalse(closer.isAlive(), "close() returned");
    assertTrue(pool.isTerminated());
    await().atMost(Duration.ofSeconds(10)).until(() -> !PoolFixture.alive(pid));
  }

  @Test
  void aProcessATaskStartedEndsWithItsWorkerOnClose() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(1);
    long sleep = pool.submit(new StartSleep()).get();
    assertTrue(PoolFixture.alive(sleep));

    pool.close();

    await().atMost(Duration.ofSeconds(10)).until(() -> !PoolFixture.alive(sleep));
  }

  @Test
  void aProcessATaskStartedEndsWithItsWorkerOnShutdownNow() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(1);
    long sleep = pool.submit(new StartSleep()).get();

    pool.shutdownNow();

    assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    await().atMost(Duration.ofSeconds(10)).until(() -> !PoolFixture.alive(sleep));
  }

  @Test
  void aConstructorThatFailsHalfwayLeavesNoProcessAndNoSocketFolder() throws Exception {
    List<Path> foldersBefore = socketFolders();
    AtomicInteger starts = new AtomicInteger();
    JvmStartup failsOnTheThird =
        () -> {
          if (starts.incrementAndGet() == 3) {
            throw new IllegalStateException("simulated: the third worker cannot be started");
          }
          return JvmStartup.Start.PLAIN;
        };

    IllegalStateException failed =
        assertThrows(
            IllegalStateException.class,
            () -> fixture.pool(builder -> builder.workers(3).jvmStartup(failsOnTheThird)));

    assertTrue(failed.getMessage().startsWith("simulated"), failed.getMessage());
    assertEquals(3, starts.get());
    assertFalse(PoolFixture.anyWorkerRunning(), "a worker JVM the constructor started is left");
    List<Path> left = new ArrayList<>(socketFolders());
    left.removeAll(foldersBefore); // and a new pool's sweep may have removed some of those
    assertEquals(List.of(), left, "a socket folder is left");
  }

  @Test
  void aCancelledTaskLeavesTheQueueAtOnce(@TempDir Path dir) throws Exception {
    ProcessPoolExecutor pool = fixture.pool(1);
    pool.submit(new WaitForFile(dir.resolve("never").toString()));
    fixture.pidOfWorkerAtGate();
    List<CompletableFuture<Long>> queued = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      queued.add(pool.submit(new Pid()));
    }
    assertTrue(pool.toString().contains("queued=100"), pool.toString());

    queued.forEach(future -> future.cancel(false));

    assertTrue(pool.toString().contains("queued=0"), pool.toString());
  }

  private static void signal(String signal, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
    assertEquals(0, kill.waitFor(), "kill -" + signal);
  }

  private static List<Path> socketFolders() throws Exception {
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files
          .filter(path -> path.getFileName().toString().startsWith("chapter20-pool-"))
          .sorted()
          .toList();
    }
  }
}
