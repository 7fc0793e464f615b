package dev.chapter20.multiprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.common.process.ChildRuntime;
import dev.chapter20.common.process.JvmLauncher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The child mains, run by hand as an IDE would (no arguments, no parent): each says in one line
 * what it is and which example starts it, and exits with code 2, instead of waiting for input that
 * never comes or failing with a stack trace.
 */
@Timeout(60)
class ChildMainsByHandTest {

  @ParameterizedTest
  @ValueSource(
      classes = {Producer.class, Consumer.class, UppercaseService.class, PrintTaskChild.class})
  void aChildMainRunByHandSaysWhatItIsInOneLine(Class<?> main) throws Exception {
    Process child = startByHand(main);
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

  /** Starts {@code main} as a person would: the launcher's command, without the parent's PID. */
  static Process startByHand(Class<?> main) throws IOException {
    List<String> command =
        JvmLauncher.forMain(main).command().stream()
            .filter(argument -> !argument.startsWith("-Dchapter20.parent.pid="))
            .toList();
    return new ProcessBuilder(command).start(); // standard input stays open, as in an IDE
  }
}
