package dev.chapter20.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.cluster.MemberDeath.Outcome;
import dev.chapter20.cluster.members.Member;
import dev.chapter20.common.RecordingSink;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A member killed while it runs three tasks: what each way of submitting gives. */
class MemberDeathTest {

  @Test
  @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void submitToMemberRunsAtMostOnceRedoAndDurableRunAgainOnTheSurvivor() throws Exception {
    RecordingSink output = new RecordingSink();

    List<Outcome> outcomes = MemberDeath.run(output);

    long survivor = pidOf(output, "member-1-stdout");
    long victim = pidOf(output, "member-2-stdout"); // MemberDeath kills the second member

    Outcome atMostOnce = outcomes.get(0);
    assertTrue(atMostOnce.result().startsWith("failed: "), atMostOnce.toString());
    assertEquals(List.of(victim), atMostOnce.runs(), "ran once, in the killed member");

    for (Outcome atLeastOnce : outcomes.subList(1, 3)) {
      assertEquals("finished in pid " + survivor, atLeastOnce.result(), atLeastOnce.toString());
      assertEquals(List.of(victim, survivor), atLeastOnce.runs(), "ran again on the survivor");
    }
    assertTrue(
        List.of(victim, survivor).stream().noneMatch(ClusterTest::alive),
        "a member outlived the example");
    assertNotEquals(victim, survivor);
  }

  private static long pidOf(RecordingSink output, String relayThread) {
    String ready =
        output.textsFrom(relayThread).stream()
            .filter(line -> line.startsWith(Member.READY))
            .findFirst()
            .orElseThrow();
    return Long.parseLong(ready.replaceAll(".*pid (\\d+).*", "$1"));
  }
}
