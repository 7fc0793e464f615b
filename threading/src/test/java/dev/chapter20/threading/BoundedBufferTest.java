package dev.chapter20.threading;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.chapter20.common.RecordingSink;
import dev.chapter20.threading.support.Interruptible;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD)
class BoundedBufferTest {

  private final RecordingSink sink = new RecordingSink();
  private final BoundedBuffer<String> buffer = new BoundedBuffer<>(1, sink);
  private Thread other;

  @AfterEach
  void stopTheOtherThread() throws InterruptedException {
    if (other != null) {
      other.interrupt();
      other.join(5_000);
    }
  }

  @Test
  void putWaitsWhileTheBufferIsFullUntilATakeMakesRoom() throws InterruptedException {
    buffer.put("first");
    other = Interruptible.start("second-put", () -> buffer.put("second"));

    await().atMost(Duration.ofSeconds(5)).until(() -> other.getState() == Thread.State.WAITING);
    assertEquals(List.of("buffer full: waiting"), sink.textsFrom("second-put"));

    assertEquals("first", buffer.take());
    other.join(5_000);
    assertFalse(other.isAlive(), "the waiting put has returned");
    assertEquals("second", buffer.take());
  }

  @Test
  void takeWaitsWhileTheBufferIsEmptyUntilAPut() throws InterruptedException {
    AtomicReference<String> taken = new AtomicReference<>();
    other = Interruptible.start("taker", () -> taken.set(buffer.take()));

    await().atMost(Duration.ofSeconds(5)).until(() -> other.getState() == Thread.State.WAITING);
    assertEquals(List.of("buffer empty: waiting"), sink.textsFrom("taker"));

    buffer.put("item");
    other.join(5_000);
    assertEquals("item", taken.get());
  }

  @RepeatedTest(10)
  void theDemoPassesEveryItemThroughInOrder() throws InterruptedException {
    BoundedBuffer.run(sink);

    assertEquals(
        List.of("took 0", "took 1", "took 2", "took 3", "took 4", "took 5"),
        sink.textsFrom("consumer").stream().filter(t -> t.startsWith("took")).toList());
  }
}
