package dev.chapter20.threading;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chapter20.common.ChapterTasks;
import dev.chapter20.common.RecordingSink;
import dev.chapter20.common.RecordingSink.Line;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class NamedThreadsTest {

  private final RecordingSink sink = new RecordingSink();

  @RepeatedTest(20)
  void numbersAndLettersArriveInOrderFromTheirNamedThreads() throws InterruptedException {
    NamedThreads.run(sink);

    assertEquals(ChapterTasks.NUMBERS, sink.textsFrom("numbers"));
    assertEquals(ChapterTasks.LETTERS, sink.textsFrom("letters"));
    assertEquals(21, sink.lines().size());
  }

  @RepeatedTest(20)
  void finalLineComesAfterBothThreadsEnded() throws InterruptedException {
    NamedThreads.run(sink);

    Line last = sink.lines().get(20);
    assertEquals(new Line(Thread.currentThread().getName(), "both threads have finished"), last);
  }
}
