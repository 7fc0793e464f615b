package dev.chapter20.executors.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.common.process.ChildRuntime;
import dev.chapter20.common.process.JvmLauncher;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A worker's main run by hand, as from an IDE: one line on what it is, and exit code 2. */
@Timeout(60)
class WorkerMainByHandTest {

  @Test
  void runByHandItSaysWhatItIsInOneLine() throws Exception {
    List<String> command =
        JvmLauncher.forMain(WorkerMain.class).command().stream()
            .filter(argument -> !argument.startsWith("-Dchapter20.parent.pid="))
            .toList();
    Process worker = new ProcessBuilder(command).start();
    try {
      assertTrue(worker.waitFor(30, TimeUnit.SECONDS), "the worker did not end by itself");
      List<String> said =
          new String(worker.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)
              .lines()
              .toList();
      assertEquals(ChildRuntime.NOT_STARTED_BY_PARENT, worker.exitValue(), said.toString());
      assertEquals(1, said.size(), said.toString());
      assertTrue(said.getFirst().startsWith("WorkerMain is a worker JVM"), said.toString());
    } finally {
      worker.destroyForcibly();
    }
  }
}
