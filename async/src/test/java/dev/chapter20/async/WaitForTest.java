package dev.chapter20.async;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chapter20.common.RecordingSink;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * The slow tasks wait for a latch that opens only after all three timeouts, so each timeout fires
 * while its task is still running, on every run.
 */
@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD)
class WaitForTest {

  private final RecordingSink sink = new RecordingSink();

  @RepeatedTest(5)
  void eachWayGivesUpButOnlyCancelStopsTheWork() throws InterruptedException {
    int ranOn = WaitFor.run(sink);

    String caller = Thread.currentThread().getName();
    assertEquals(
        List.of(
            "orTimeout: failed with TimeoutException",
            "completeOnTimeout: a default",
            "get(20 ms) timed out; cancel(true) interrupts the task",
            "tasks that ran on after their timeout: 2 of 3"),
        sink.textsFrom(caller));
    assertEquals(2, ranOn);
    assertEquals(
        2, sink.texts().stream().filter(t -> t.startsWith("slow work ended")).count(), "ended");
  }
}
