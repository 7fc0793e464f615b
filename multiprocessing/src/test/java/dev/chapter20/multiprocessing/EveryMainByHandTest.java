package dev.chapter20.multiprocessing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.common.MainsByHand;
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
    return MainsByHand.mainsOf(MultiprocessingMain.class);
  }

  @Test
  void findsTheMainsOfThisModule() {
    assertTrue(mains().contains(MultiprocessingMain.class), mains().toString());
  }

  @ParameterizedTest
  @MethodSource("mains")
  void runsOrSaysHowItIsStarted(Class<?> main) throws Exception {
    MainsByHand.runsOrSaysHowItIsStarted(main, Duration.ofSeconds(60));
  }
}
