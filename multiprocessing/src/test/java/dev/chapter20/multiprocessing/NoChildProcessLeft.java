package dev.chapter20.multiprocessing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaves a process of its own running: after each test, every descendant of the
 * test JVM must be gone within a few seconds.
 */
public final class NoChildProcessLeft implements AfterEachCallback {

  @Override
  public void afterEach(ExtensionContext context) {
    await("no child process left running")
        .atMost(Duration.ofSeconds(10))
        .until(() -> running().isEmpty());
  }

  static List<String> running() {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
        .toList();
  }
}
