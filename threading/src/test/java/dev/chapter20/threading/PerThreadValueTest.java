package dev.chapter20.threading;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chapter20.common.RecordingSink;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD)
class PerThreadValueTest {

  private final RecordingSink sink = new RecordingSink();

  @RepeatedTest(10)
  void eachThreadSeesOnlyTheValueItSetItself() throws Exception {
    PerThreadValue.run(sink);

    assertEquals(List.of("before set: none", "after set: numbers"), sink.textsFrom("numbers"));
    assertEquals(List.of("before set: none", "after set: letters"), sink.textsFrom("letters"));
  }

  @RepeatedTest(3)
  void aPoolThreadKeepsItsValueFromTaskToTaskUntilRemoved() throws Exception {
    PerThreadValue.run(sink);

    assertEquals(
        List.of(
            "main sees its own value: none",
            "a second task on the same pool thread sees: first task",
            "after remove(): none"),
        sink.textsFrom(Thread.currentThread().getName()));
  }
}
