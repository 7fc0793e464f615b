package dev.chapter20.executors.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.executors.pool.TestTasks.Answer;
import dev.chapter20.executors.pool.TestTasks.Numbered;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Thousands of tasks from several threads while workers are killed at random: every task ends
 * exactly once, with its own result or a {@link WorkerDiedException}, checked by count and
 * checksum, and no worker JVM is left. What is asserted does not depend on where the kills land.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChaosTest {

  private static final int SUBMITTERS = 4;
  private static final int TASKS_PER_SUBMITTER = 750;
  private static final int TASKS = SUBMITTERS * TASKS_PER_SUBMITTER;
  private static final int KILLS = 12;

  @RegisterExtension final PoolFixture fixture = new PoolFixture();

  @Test
  void everyTaskEndsExactlyOnceWithItsOwnResultOrAReportedDeath() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(3);
    AtomicReferenceArray<CompletableFuture<Answer>> futures = new AtomicReferenceArray<>(TASKS);
    AtomicInteger[] completions = new AtomicInteger[TASKS];
    for (int i = 0; i < TASKS; i++) {
      completions[i] = new AtomicInteger();
    }
    CountDownLatch allEnded = new CountDownLatch(TASKS);
    Set<Long> pidsSeen = ConcurrentHashMap.newKeySet();
    pidsSeen.addAll(pool.workerPids());
    CountDownLatch start = new CountDownLatch(1);

    List<Thread> submitters = new ArrayList<>();
    for (int s = 0; s < SUBMITTERS; s++) {
      int first = s * TASKS_PER_SUBMITTER;
      submitters.add(
          Thread.ofPlatform()
              .name("submitter-" + s)
              .start(
                  () -> {
                    awaitQuietly(start);
                    for (int i = first; i < first + TASKS_PER_SUBMITTER; i++) {
                      int index = i;
                      CompletableFuture<Answer> future = pool.submit(new Numbered(i, i % 7 * 100));
                      futures.set(i, future);
                      future.whenComplete(
                          (answer, failure) -> {
                            completions[index].incrementAndGet();
                            allEnded.countDown();
                          });
                    }
                  }));
    }
    Random random = new Random(20_251_129); // fixed: the same kill schedule every run
    AtomicInteger kills = new AtomicInteger();
    Thread killer =
        Thread.ofPlatform()
            .name("killer")
            .start(
                () -> {
                  awaitQuietly(start);
                  while (kills.get() < KILLS && allEnded.getCount() > 0) {
                    List<Long> pids = pool.workerPids();
                    pidsSeen.addAll(pids);
                    long victim = pids.get(random.nextInt(pids.size()));
                    ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly);
                    kills.incrementAndGet();
                    try {
                      // Pace, not synchronisation: a replacement needs time to start and work.
                      allEnded.await(150 + random.nextInt(200), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });

    start.countDown();
    for (Thread submitter : submitters) {
      submitter.join();
    }
    assertTrue(allEnded.await(90, TimeUnit.SECONDS), allEnded.getCount() + " tasks never ended");
    killer.join();
    pidsSeen.addAll(pool.workerPids());
    pool.close();

    long expectedChecksum = 0;
    long checksum = 0;
    AtomicLong died = new AtomicLong();
    for (int i = 0; i < TASKS; i++) {
      assertEquals(1, completions[i].get(), "task " + i + " ended once");
      try {
        Answer answer = futures.get(i).get();
        assertEquals(i, answer.index(), "task " + i + " got another task's result");
        pidsSeen.add(answer.pid());
        expectedChecksum += Numbered.expected(i);
        checksum += answer.value();
      } catch (ExecutionException e) {
        assertInstanceOf(WorkerDiedException.class, e.getCause(), "task " + i);
        died.incrementAndGet();
      }
    }
    System.out.printf(
        "chaos: %d tasks, %d kills, %d tasks failed with WorkerDiedException, %d worker JVMs%n",
        TASKS, kills.get(), died.get(), pidsSeen.size());
    assertEquals(expectedChecksum, checksum, "the results that arrived are the right ones");
    assertTrue(kills.get() >= 1, "the killer ran");
    assertTrue(died.get() <= kills.get(), died + " deaths reported for " + kills + " kills");
    assertTrue(pidsSeen.stream().noneMatch(PoolFixture::alive), "a worker JVM is left running");
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
