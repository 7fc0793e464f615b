package dev.chapter20.threading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.common.RecordingSink;
import dev.chapter20.common.RecordingSink.Line;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD)
class WaitForEventTest {

  private final RecordingSink sink = new RecordingSink();

  @RepeatedTest(10)
  void noWaiterWakesBeforeTheEventIsSetAndEveryWaiterWakesAfter() throws InterruptedException {
    WaitForEvent.run(sink);

    List<String> texts = sink.texts();
    int set = texts.indexOf("setting the event");
    assertTrue(set > 0, texts::toString);
    assertEquals(3, texts.subList(0, set).stream().filter(t -> t.startsWith("waiting")).count());
    assertTrue(texts.subList(0, set).stream().noneMatch(t -> t.startsWith("woke")), "early wake");
    for (String waiter : List.of("waiter-1", "waiter-2", "waiter-3")) {
      assertEquals(
          List.of("waiting for the event", "woke up: the event is set"), sink.textsFrom(waiter));
    }
    assertEquals(
        new Line(Thread.currentThread().getName(), "all 3 waiters have woken and ended"),
        sink.lines().getLast());
  }

  @RepeatedTest(3)
  void aTimedWaitOnAnEventNobodySetReturnsFalse() throws InterruptedException {
    WaitForEvent.run(sink);

    assertTrue(
        sink.texts().contains("await(50 ms) returned false: nobody has set the event yet"),
        sink.texts()::toString);
  }
}
