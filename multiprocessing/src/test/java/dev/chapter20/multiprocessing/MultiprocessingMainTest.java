package dev.chapter20.multiprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.common.ExampleMenu.Captured;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the module's main the way a learner does: every example, then names and arguments it
 * rejects.
 */
@Timeout(120)
@ExtendWith(NoChildProcessLeft.class)
class MultiprocessingMainTest {

  private Captured run;

  private int runMain(String... args) {
    run = MultiprocessingMain.MENU.runCaptured(args);
    return run.exitCode();
  }

  @Test
  void runsTheQuickExamplesInChapterOrderAndNotTheMeasurement() {
    assertEquals(0, runMain(), run.err());

    String output = run.out();
    int twoProcesses = output.indexOf("== 20.2.1 two-processes");
    int producerConsumer = output.indexOf("== 20.2.2 producer-consumer");
    int requestReply = output.indexOf("== 20.2.2 request-reply");
    assertTrue(0 <= twoProcesses && twoProcesses < producerConsumer, output);
    assertTrue(producerConsumer < requestReply, output);
    assertFalse(output.contains("== 20.2 measure"), output);
    assertTrue(output.contains("both processes have finished"), output);
    assertTrue(output.contains("received all 5 messages, in order, checksum verified"), output);
    assertTrue(output.contains("straße -> STRASSE"), output);
    assertEquals("", run.err());
  }

  @Test
  void aCountAndTextAreArgumentsOfProducerConsumer() {
    assertEquals(0, runMain("producer-consumer", "3", "ciao"));

    assertTrue(run.out().contains("consumed 2: ciao"));
  }

  @Test
  void anUnknownExampleIsAOneLineErrorWithTheListAndExitCodeTwo() {
    assertEquals(2, runMain("no-such-example"));

    List<String> errorLines = run.err().lines().toList();
    assertEquals("error: unknown example 'no-such-example'", errorLines.get(0));
    assertTrue(errorLines.stream().anyMatch(l -> l.contains("producer-consumer")));
  }

  @Test
  void aCountThatIsNotANumberIsAOneLineErrorWithExitCodeTwo() {
    assertEquals(2, runMain("producer-consumer", "many"));

    assertEquals(
        "error: producer-consumer: count must be a whole number, got 'many'", run.err().strip());
  }
}
