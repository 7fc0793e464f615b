package dev.chapter20.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.cluster.members.Member;
import dev.chapter20.common.MainsByHand;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every main class of this module, run as an IDE runs it (no arguments, no parent): it runs, or
 * says in one line what it is and how it is started. The rule and how it is checked: {@link
 * MainsByHand}.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class EveryMainByHandTest {

  static List<Class<?>> mains() {
    return MainsByHand.mainsOf(ClusterMain.class).stream()
        .filter(main -> main != Member.class)
        .toList();
  }

  @Test
  void findsTheMainsOfThisModule() {
    assertTrue(mains().contains(ClusterMain.class), mains().toString());
  }

  @ParameterizedTest
  @MethodSource("mains")
  void runsOrSaysHowItIsStarted(Class<?> main) throws Exception {
    MainsByHand.runsOrSaysHowItIsStarted(main, Duration.ofMinutes(2));
  }

  /** A member is a server: run by hand, it starts a cluster of one and serves until stopped. */
  @Test
  void aMemberRunByHandSaysItIsReadyAndServesUntilStopped() throws Exception {
    Process member =
        new ProcessBuilder(MainsByHand.commandByHand(Member.class))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try (BufferedReader output = member.inputReader(StandardCharsets.UTF_8)) {
      String first = output.readLine();
      assertTrue(first != null && first.startsWith(Member.READY), String.valueOf(first));
      assertTrue(member.isAlive(), "a member serves until it is stopped");
    } finally {
      member.destroyForcibly();
      member.waitFor();
    }
  }
}
