package dev.chapter20.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The tasks print what the chapter's do, written out here rather than read from the class. */
class ChapterTasksTest {

  @Test
  void printNumbersPrintsZeroToNineInOrder() {
    RecordingSink sink = new RecordingSink();

    ChapterTasks.printNumbers(sink);

    assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), sink.texts());
  }

  @Test
  void printLettersPrintsAToJInOrder() {
    RecordingSink sink = new RecordingSink();

    ChapterTasks.printLetters(sink);

    assertEquals(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"), sink.texts());
  }

  @Test
  void theConstantsOtherTestsCompareWithHoldWhatTheTasksPrint() {
    RecordingSink numbers = new RecordingSink();
    RecordingSink letters = new RecordingSink();

    ChapterTasks.printNumbers(numbers);
    ChapterTasks.printLetters(letters);

    assertEquals(numbers.texts(), ChapterTasks.NUMBERS);
    assertEquals(letters.texts(), ChapterTasks.LETTERS);
  }
}
