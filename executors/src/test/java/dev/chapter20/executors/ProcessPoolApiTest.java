package dev.chapter20.executors;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.common.RecordingSink;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/** Runs the example once against its real pool of worker JVMs and checks each of its claims. */
@Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
class ProcessPoolApiTest {

  private static final long OWN_PID = ProcessHandle.current().pid();
  private static List<String> mine;

  @BeforeAll
  @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD) // a class's @Timeout skips this
  static void runTheExample() throws Exception {
    RecordingSink sink = new RecordingSink();
    ProcessPoolApi.run(sink);
    mine = sink.textsFrom(Thread.currentThread().getName());
  }

  private static String lineStartingWith(String prefix) {
    return mine.stream()
        .filter(l -> l.startsWith(prefix))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line '" + prefix + "...' in " + mine));
  }

  private static long workerPid(String line) {
    Matcher pid = Pattern.compile("pid (\\d+)\\)?$").matcher(line);
    assertTrue(pid.find(), line);
    return Long.parseLong(pid.group(1));
  }

  @Test
  void aRecordTaskRunsInAnotherProcessAndItsResultComesBack() {
    String line = lineStartingWith("submit + get: 7 squared is 49 (pid ");
    assertNotEquals(OWN_PID, workerPid(line), line);
  }

  @Test
  void mapReturnsTheResultsInInputOrder() {
    assertTrue(mine.contains("map, in input order: [1, 4, 9, 16, 25, 36, 49, 64]"), mine::toString);
  }

  @Test
  void aWorkersExceptionArrivesWithTheWorkersStackTrace() {
    lineStartingWith(
        "a task failed in its worker: java.lang.ArithmeticException: / by zero"
            + " at dev.chapter20.executors.Divide.call(");
  }

  @Test
  void aLambdaTypedAsPlainCallableIsRefusedForItsTypeNotForWhatItCaptures() {
    String refused = lineStartingWith("refused at submit: ");
    assertTrue(refused.contains("$$Lambda"), refused);
    assertTrue(refused.contains("not Serializable"), refused);
  }

  @Test
  void theSameLambdaWithASerializableTypeTravelsAndRunsInAWorker() {
    String line = lineStartingWith("with a serializable type: hello from pid ");
    assertNotEquals(OWN_PID, workerPid(line), line);
  }
}
