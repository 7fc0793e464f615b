package dev.chapter20.executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.common.process.ChildRuntime;
import dev.chapter20.common.process.JvmLauncher;
import dev.chapter20.executors.pool.WorkerMain;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The module's child mains run by hand, as from an IDE (no arguments, no parent): one line on what
 * each is and what starts it, and exit code 2.
 */
@Timeout(60)
class ChildMainsByHandTest {

  @ParameterizedTest
  @ValueSource(classes = {WorkerMain.class, StreamMemoryProbe.class})
  void runByHandItSaysWhatItIsInOneLine(Class<?> main) throws Exception {
    List<String> command =
        JvmLauncher.forMain(main).command().stream()
            .filter(argument -> !argument.startsWith("-Dchapter20.parent.pid="))
            .toList();
    Process child = new ProcessBuilder(command).start(); // standard input stays open
    try {
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), main + " did not end by itself");
      List<String> said =
          new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)
              .lines()
              .toList();
      assertEquals(ChildRuntime.NOT_STARTED_BY_PARENT, child.exitValue(), said.toString());
      assertEquals(1, said.size(), said.toString());
      assertTrue(said.getFirst().startsWith(main.getSimpleName() + " is "), said.toString());
    } finally {
      child.destroyForcibly();
    }
  }
}
