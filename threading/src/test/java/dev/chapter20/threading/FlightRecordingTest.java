package dev.chapter20.threading;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.common.RecordingSink;
import dev.chapter20.common.process.ChildJvm;
import dev.chapter20.common.process.JvmLauncher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "See the threads": the module's main, run in a child JVM with the option the README
 * passes through {@code -Djvm.args}, writes a flight recording that names the example's threads.
 */
@Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
class FlightRecordingTest {

  @Test
  void aFlightRecordingOfTheBarrierExampleHoldsItsThreeWorkersByName(@TempDir Path dir)
      throws Exception {
    Path jfr = dir.resolve("threads.jfr");
    RecordingSink output = new RecordingSink();

    try (ChildJvm child =
        JvmLauncher.forMain(ThreadingMain.class)
            .name("recorded")
            .jvmOptions("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile")
            .args("barrier")
            .start()) {
      child.relayStdout(output);
      child.waitForSuccess(Duration.ofSeconds(45));
    }

    Set<String> started = startedThreads(jfr);
    assertTrue(started.containsAll(List.of("worker-1", "worker-2", "worker-3")), started::toString);
    assertTrue(
        output.texts().stream().anyMatch(t -> t.contains("every worker finished 3 rounds")),
        output.texts()::toString);
  }

  /** Returns the names of the threads whose start the recording holds. */
  private static Set<String> startedThreads(Path jfr) throws Exception {
    return RecordingFile.readAllEvents(jfr).stream()
        .filter(e -> e.getEventType().getName().equals("jdk.ThreadStart"))
        .map(FlightRecordingTest::startedThreadName)
        .collect(Collectors.toSet());
  }

  private static String startedThreadName(RecordedEvent threadStart) {
    return threadStart.getThread("thread").getJavaName();
  }
}
