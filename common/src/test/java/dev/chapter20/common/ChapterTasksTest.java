package dev.chapter20.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ChapterTasksTest {

  @Test
  void printNumbersPrintsZeroToNineInOrder() {
    RecordingSink sink = new RecordingSink();
    ChapterTasks.printNumbers(sink);
    assertEquals(ChapterTasks.NUMBERS, sink.texts());
    assertEquals("9", sink.texts().get(9));
  }

  @Test
  void printLettersPrintsAToJInOrder() {
    RecordingSink sink = new RecordingSink();
    ChapterTasks.printLetters(sink);
    assertEquals(ChapterTasks.LETTERS, sink.texts());
    assertEquals("j", sink.texts().get(9));
  }
}
