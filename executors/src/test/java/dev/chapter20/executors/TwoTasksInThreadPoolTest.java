package dev.chapter20.executors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chapter20.common.ChapterTasks;
import dev.chapter20.common.RecordingSink;
import dev.chapter20.common.RecordingSink.Line;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class TwoTasksInThreadPoolTest {

  private final RecordingSink sink = new RecordingSink();

  @RepeatedTest(10)
  void eachTaskPrintsItsSequenceInOrderOnItsOwnPoolThread() {
    TwoTasksInThreadPool.run(sink);

    assertEquals(21, sink.lines().size());
    // A fixed pool starts a new thread for each task until it has its two, so the first task
    // submitted runs on pool-1 and the second on pool-2.
    assertEquals(ChapterTasks.NUMBERS, sink.textsFrom("pool-1"));
    assertEquals(ChapterTasks.LETTERS, sink.textsFrom("pool-2"));
  }

  @RepeatedTest(10)
  void finalLineComesAfterBothTasksAndFromTheCaller() {
    TwoTasksInThreadPool.run(sink);

    Line last = sink.lines().get(20);
    assertEquals(new Line(Thread.currentThread().getName(), "all tasks have finished"), last);
  }
}
