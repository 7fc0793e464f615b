package dev.chapter20.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Counts and cleanup of the many-sleepers runs; how long they take is for the main to print. */
@Timeout(30)
class SleepersTest {

  @Test
  void everyVirtualThreadSleeperStartsAndHasEndedWhenTheRunReturns() throws InterruptedException {
    Sleepers.Result result =
        Sleepers.onThreads("virtual threads", Thread.ofVirtual().factory(), 2_000);

    assertEquals(2_000, result.started());
    assertEquals(Optional.empty(), result.failure());
    assertTrue(1 <= result.peakInFlight() && result.peakInFlight() <= 2_000, result::toString);
  }

  @Test
  void everyScheduledPauseIsStartedAndCompleted() {
    Sleepers.Result result = Sleepers.scheduled(2_000);

    assertEquals(2_000, result.started());
    assertTrue(1 <= result.peakInFlight() && result.peakInFlight() <= 2_000, result::toString);
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
    assertTrue(created.stream().noneMatch(Thread::isAlive), "every started sleeper has ended");
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
