package dev.chapter20.async.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Counts and cleanup of the many-sleepers runs, with pauses that end only when every sleeper has
 * begun, so the peak is known; how long the real pauses take is for the main to print.
 */
@Timeout(value = 30, threadMode = ThreadMode.SEPARATE_THREAD)
class SleepersTest {

  @Test
  void allSleepersAreInFlightAtOnceAndEveryOneHasEndedWhenTheRunReturns()
      throws InterruptedException {
    List<Thread> created = new CopyOnWriteArrayList<>();
    ThreadFactory virtual =
        task -> {
          Thread thread = Thread.ofVirtual().unstarted(task);
          created.add(thread);
          return thread;
        };
    // Each sleeper's pause ends only when all 2,000 have begun theirs: the peak must be 2,000.
    CountDownLatch allPausing = new CountDownLatch(2_000);
    AtomicInteger pausesEnded = new AtomicInteger();
    Sleepers.Sleep untilAllPause =
        () -> {
          allPausing.countDown();
          if (!allPausing.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("not every sleeper began");
          }
          pausesEnded.incrementAndGet();
        };

    Sleepers.Result result = Sleepers.onThreads("virtual threads", virtual, 2_000, untilAllPause);

    assertEquals(2_000, result.started());
    assertEquals(Optional.empty(), result.failure());
    assertEquals(2_000, result.peakInFlight());
    assertEquals(2_000, pausesEnded.get(), "pauses that ended before the run returned");
    assertEquals(2_000, created.size());
    // The executor's close() returns when every task has returned; a thread then still has its
    // last instructions to run, so it is joined, not expected dead at once.
    for (Thread thread : created) {
      assertTrue(thread.join(Duration.ofSeconds(5)), "a sleeper thread outlived the run");
    }
  }

  @Test
  void everyScheduledPauseIsInFlightAtOnceAndCompletedWhenTheRunReturns() {
    // Holds every pause's completion until all 2,000 are scheduled, then completes them all.
    List<Runnable> held = new ArrayList<>();
    AtomicInteger completed = new AtomicInteger();
    Executor releaseWhenAllScheduled =
        completion -> {
          held.add(
              () -> {
                completion.run();
                completed.incrementAndGet();
              });
          if (held.size() == 2_000) {
            held.forEach(Runnable::run);
          }
        };

    Sleepers.Result result = Sleepers.scheduled(2_000, releaseWhenAllScheduled);

    assertEquals(2_000, result.started());
    assertEquals(2_000, result.peakInFlight());
    assertEquals(2_000, completed.get());
  }

  @Test
  void threadsTheSystemRefusesAreReportedInOneLineAndTheStartedOnesAreStopped()
      throws InterruptedException {
    List<Thread> created = new CopyOnWriteArrayList<>();
    ThreadFactory refusesAfter25 =
        task -> {
          if (created.size() == 25) {
            throw new OutOfMemoryError("unable to create native thread: simulated");
          }
          Thread thread = Thread.ofPlatform().unstarted(task);
          created.add(thread);
          return thread;
        };

    Sleepers.Result result = Sleepers.onThreads("platform threads", refusesAfter25, 10_000);

    assertEquals(25, result.started());
    assertEquals(
        Optional.of(
            "could not start more than 25 platform threads: "
                + "unable to create native thread: simulated"),
        result.failure());
    for (Thread thread : created) {
      assertTrue(thread.join(Duration.ofSeconds(5)), "a started sleeper thread never ended");
    }
  }

  @Test
  void memoryUseReadsTheHeapAndOnLinuxThePeakResidentSetSize() {
    MemoryUse now = MemoryUse.now();

    assertTrue(now.heapBytes() > 0);
    assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "no /proc: not Linux");
    assertTrue(now.rssBytes().orElseThrow() > 0, now::toString);
    assertEquals(0, now.minus(now).rssBytes().orElseThrow());
  }

  @Test
  void memoryGrowthIsSignedMebibytes() {
    assertEquals("+1.5 MiB", MemoryUse.mib(1024 * 1024 * 3 / 2));
    assertEquals("-2.0 MiB", MemoryUse.mib(-2 * 1024 * 1024));
  }
}
