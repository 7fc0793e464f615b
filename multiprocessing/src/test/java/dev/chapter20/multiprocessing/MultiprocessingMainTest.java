package dev.chapter20.multiprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.common.ExampleMenu.Captured;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    int sharedCounter = output.indexOf("== 20.2+ shared-counter");
    assertTrue(0 <= twoProcesses && twoProcesses < producerConsumer, output);
    assertTrue(producerConsumer < requestReply, output);
    assertTrue(requestReply < sharedCounter, output);
    assertFalse(output.contains("== 20.2 measure"), output);
    assertTrue(output.contains("both processes have finished"), output);
    assertTrue(output.contains("received all 5 messages, in order, checksum verified"), output);
    assertTrue(output.contains("straße -> STRASSE"), output);
    assertTrue(output.contains("ﬁnal ǆ -> FINAL Ǆ"), output);
    assertTrue(output.contains("plain, attempt 1: expected 2,000,000, got "), output);
    assertTrue(
        output.contains("atomic: expected 2,000,000, got 2,000,000: 0 updates lost"), output);
    assertTrue(output.contains("file-lock: expected 40,000, got 40,000: 0 updates lost"), output);
    assertEquals("", run.err());
  }

  @Test
  void measureCountsWhatItTimedAndItsRatesFollowFromTheCounts() {
    assertEquals(0, runMain("measure"), run.err());
    String output = run.out();

    Matcher startUp =
        line(
            output,
            "child JVM start-up: bare java (.+), JvmLauncher (.+) \\((.+)x the bare start\\)");
    assertEquals(
        seconds(startUp.group(2)) / seconds(startUp.group(1)),
        Double.parseDouble(startUp.group(3)),
        0.02 * Double.parseDouble(startUp.group(3)) + 0.01,
        startUp.group());

    // The clock starts at the first message, so the rate counts the other 1,999,999.
    Matcher small = line(output, "small messages: ([\\d,]+) in (.+) = ([\\d,]+)/s");
    assertEquals("1,999,999", small.group(1));
    assertEquals(
        1_999_999 / seconds(small.group(2)), number(small.group(3)), 0.01 * number(small.group(3)));

    for (int kib : new int[] {64, 256, 1024}) {
      Matcher bytes =
          line(output, String.format("%,d KiB messages: ([\\d,]+) MiB in (.+) = (.+) GB/s", kib));
      long sent = (256L << 20) - (kib << 10); // 256 MiB in all, less the untimed first message
      assertEquals(sent >> 20, (long) number(bytes.group(1)), bytes.group());
      double gbPerSecond = sent / seconds(bytes.group(2)) / 1e9;
      assertEquals(gbPerSecond, Double.parseDouble(bytes.group(3)), 0.01 * gbPerSecond + 0.01);
    }

    line(
        output,
        "request/reply round trip: \\S+ \\S+ blocking in read, \\S+ \\S+ spinning first \\(mean of 20,000\\)");
    assertEquals("", run.err());
  }

  private static Matcher line(String output, String regex) {
    Pattern pattern = Pattern.compile(regex);
    return output
        .lines()
        .map(pattern::matcher)
        .filter(Matcher::matches)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line matches " + regex + " in\n" + output));
  }

  /** Parses a duration as Durations.format prints it: 950 ns, 1.25 ms, 21.0 s. */
  private static double seconds(String duration) {
    String[] parts = duration.strip().split(" ");
    double value = Double.parseDouble(parts[0]);
    return switch (parts[1]) {
      case "ns" -> value / 1e9;
      case "us" -> value / 1e6;
      case "ms" -> value / 1e3;
      case "s" -> value;
      default -> throw new AssertionError("not a duration: " + duration);
    };
  }

  private static double number(String withCommas) {
    return Double.parseDouble(withCommas.replace(",", ""));
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
