package dev.chapter20.threading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.chapter20.common.ChapterTasks;
import dev.chapter20.common.RecordingSink;
import dev.chapter20.common.RecordingSink.Line;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class TwoThreadsTest {

  private final RecordingSink sink = new RecordingSink();

  @RepeatedTest(20)
  void eachThreadPrintsItsOwnSequenceInOrderAndNothingIsMissing() throws InterruptedException {
    TwoThreads.run(sink);

    assertEquals(21, sink.lines().size());
    assertEquals(ChapterTasks.NUMBERS, sink.textsAmong(ChapterTasks.NUMBERS));
    assertEquals(ChapterTasks.LETTERS, sink.textsAmong(ChapterTasks.LETTERS));
    String numbersThread = onlyThreadThatPrinted(ChapterTasks.NUMBERS);
    String lettersThread = onlyThreadThatPrinted(ChapterTasks.LETTERS);
    assertNotEquals(numbersThread, lettersThread);
    assertNotEquals(Thread.currentThread().getName(), numbersThread);
  }

  @RepeatedTest(20)
  void finalLineComesAfterBothThreadsEndedAndFromTheCaller() throws InterruptedException {
    TwoThreads.run(sink);

    Line last = sink.lines().get(20);
    assertEquals("both threads have finished", last.text());
    assertEquals(Thread.currentThread().getName(), last.thread());
  }

  private String onlyThreadThatPrinted(List<String> texts) {
    Set<String> threads =
        sink.lines().stream()
            .filter(line -> texts.contains(line.text()))
            .map(Line::thread)
            .collect(Collectors.toSet());
    assertEquals(1, threads.size(), "printed by " + threads);
    return threads.iterator().next();
  }
}
