package dev.chapter20.multiprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.chapter20.common.ChapterTasks;
import dev.chapter20.common.RecordingSink;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@Timeout(60)
@ExtendWith(NoChildProcessLeft.class)
class TwoProcessesTest {

  @RepeatedTest(3)
  void eachChildRanInItsOwnProcessAndPrintedEverythingInOrder() throws Exception {
    RecordingSink sink = new RecordingSink();

    TwoProcesses.Pids pids = TwoProcesses.run(sink); // throws unless both exited with 0

    long parent = ProcessHandle.current().pid();
    assertNotEquals(parent, pids.numbers());
    assertNotEquals(parent, pids.letters());
    assertNotEquals(pids.numbers(), pids.letters());
    assertEquals(withPid(pids.numbers(), ChapterTasks.NUMBERS), sink.textsFrom("numbers-stdout"));
    assertEquals(withPid(pids.letters(), ChapterTasks.LETTERS), sink.textsFrom("letters-stdout"));
  }

  @RepeatedTest(3)
  void theParentsFinalLineComesAfterBothChildrenEnded() throws Exception {
    RecordingSink sink = new RecordingSink();

    TwoProcesses.run(sink);

    List<String> texts = sink.texts();
    assertEquals("both processes have finished", texts.getLast());
    assertEquals(2 + 2 * 11 + 1, texts.size());
  }

  private static List<String> withPid(long pid, List<String> lines) {
    List<String> expected = new ArrayList<>(List.of("pid " + pid));
    expected.addAll(lines);
    return expected;
  }
}
