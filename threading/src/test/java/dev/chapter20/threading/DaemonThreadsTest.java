package dev.chapter20.threading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.common.RecordingSink;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/** The child JVM exits with its daemon thread still looping, and waits for its worker first. */
@Timeout(value = 30, threadMode = ThreadMode.SEPARATE_THREAD)
class DaemonThreadsTest {

  @Test
  void theJvmWaitsForItsWorkerButNotForItsDaemon() throws Exception {
    RecordingSink sink = new RecordingSink();

    DaemonThreads.run(sink); // throws unless the child exited with 0 within 10 s

    assertEquals(
        List.of(
            "daemon: looping forever",
            "main: returning",
            "worker: main has returned; the JVM still waits for me"),
        sink.textsFrom("daemon-demo-stdout"));
    assertTrue(ProcessHandle.current().children().noneMatch(ProcessHandle::isAlive), "child left");
  }
}
