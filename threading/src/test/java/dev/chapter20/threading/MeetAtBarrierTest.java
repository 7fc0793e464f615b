package dev.chapter20.threading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.common.RecordingSink;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

@Timeout(value = 20, threadMode = ThreadMode.SEPARATE_THREAD)
class MeetAtBarrierTest {

  private static final String OPENS = "all 3 arrived: the barrier opens";

  private final RecordingSink sink = new RecordingSink();

  @RepeatedTest(20)
  void noWorkerStartsARoundBeforeAllThreeFinishedThePreviousOne() throws InterruptedException {
    MeetAtBarrier.run(sink);

    List<String> texts = sink.texts();
    List<Integer> opens =
        IntStream.range(0, texts.size()).filter(i -> texts.get(i).equals(OPENS)).boxed().toList();
    assertEquals(3, opens.size(), texts::toString);
    for (int round = 1; round <= 3; round++) {
      int from = round == 1 ? 0 : opens.get(round - 2);
      List<String> between = texts.subList(from, opens.get(round - 1));
      String done = "round " + round + " done";
      assertEquals(3, between.stream().filter(done::equals).count(), "round " + round);
      String next = "round " + (round + 1) + " done";
      assertTrue(between.stream().noneMatch(next::equals), done);
    }
  }
}
