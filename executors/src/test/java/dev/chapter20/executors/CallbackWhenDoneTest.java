package dev.chapter20.executors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chapter20.common.RecordingSink;
import dev.chapter20.common.RecordingSink.Line;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD)
class CallbackWhenDoneTest {

  private final RecordingSink sink = new RecordingSink();

  /** Returns the threads that printed {@code text}, once per time it was printed. */
  private List<String> threadsThatPrinted(String text) {
    return sink.lines().stream().filter(l -> l.text().equals(text)).map(Line::thread).toList();
  }

  @RepeatedTest(10)
  void aCallbackAddedBeforeTheTaskEndsRunsOnceOnThePoolThreadThatCompletesIt() {
    CallbackWhenDone.run(sink);

    assertEquals(List.of("pool-1"), threadsThatPrinted("callback added before: 42"));
  }

  @RepeatedTest(10)
  void aCallbackAddedAfterCompletionRunsAtOnceOnTheCallersThread() {
    String caller = Thread.currentThread().getName();

    CallbackWhenDone.run(sink);

    assertEquals(List.of(caller), threadsThatPrinted("callback added after: 42"));
    List<String> inOrder =
        List.of(
            "adding a callback to the finished future",
            "callback added after: 42",
            "whenComplete has returned");
    assertEquals(inOrder, sink.textsAmong(inOrder)); // ran inside the whenComplete call
  }

  @RepeatedTest(3)
  void aFailedTasksCallbackGetsNoValueAndTheWrappedFailureOnce() {
    CallbackWhenDone.run(sink);

    assertEquals(
        List.of(
            "callback of a failed task: null, java.util.concurrent.CompletionException:"
                + " java.lang.NumberFormatException: For input string: \"six\""),
        sink.texts().stream().filter(l -> l.startsWith("callback of a failed task")).toList());
  }
}
