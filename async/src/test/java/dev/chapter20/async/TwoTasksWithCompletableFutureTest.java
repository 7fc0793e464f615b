package dev.chapter20.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.common.ChapterTasks;
import dev.chapter20.common.RecordingSink;
import dev.chapter20.common.RecordingSink.Line;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class TwoTasksWithCompletableFutureTest {

  private final RecordingSink sink = new RecordingSink();

  /** Pauses that end when the test says so, in the order they began: a clock the test drives. */
  private static final class ManualPauses implements Executor {
    private final Queue<Runnable> pending = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable endOfPause) {
      pending.add(endOfPause);
    }

    synchronized int pending() {
      return pending.size();
    }

    /** Ends the pauses under way now (not the ones they start); returns how many. */
    int endCurrentPauses() {
      List<Runnable> due;
      synchronized (this) {
        due = List.copyOf(pending);
        pending.clear();
      }
      due.forEach(Runnable::run);
      return due.size();
    }
  }

  @Test
  void bothTasksPrintTheirFirstItemBeforeEitherPauseEnds() {
    ManualPauses pauses = new ManualPauses();

    CompletableFuture<Void> both = TwoTasksWithCompletableFuture.bothTasks(sink, pauses);

    assertEquals(List.of("0", "a"), sink.texts());
    assertEquals(2, pauses.pending(), "each task is in its first pause, and no thread waits");
    assertFalse(both.isDone());
  }

  @Test
  void eachRoundOfPausesLetsBothTasksPrintTheirNextItem() {
    ManualPauses pauses = new ManualPauses();
    CompletableFuture<Void> both = TwoTasksWithCompletableFuture.bothTasks(sink, pauses);

    for (int round = 1; round <= 10; round++) {
      assertEquals(2, pauses.endCurrentPauses(), "round " + round);
    }

    assertTrue(both.isDone());
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      expected.add(ChapterTasks.NUMBERS.get(i));
      expected.add(ChapterTasks.LETTERS.get(i));
    }
    assertEquals(expected, sink.texts());
  }

  @RepeatedTest(3)
  void withRealTimersEachTaskPrintsInOrderAndTheFinalLineComesLast() {
    TwoTasksWithCompletableFuture.run(sink);

    List<Line> lines = sink.lines();
    assertEquals(22, lines.size());
    assertEquals(
        "a pause of 20 ms after each item (the chapter's is 100 ms: only the total changes)",
        lines.get(0).text());
    assertEquals(ChapterTasks.NUMBERS, sink.textsAmong(ChapterTasks.NUMBERS));
    assertEquals(ChapterTasks.LETTERS, sink.textsAmong(ChapterTasks.LETTERS));
    assertEquals(
        new Line(Thread.currentThread().getName(), "both tasks have finished"), lines.get(21));
  }
}
