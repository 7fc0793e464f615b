package dev.chapter20.async;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chapter20.common.RecordingSink;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two blocking calls that can only end if they run at once do end, each on a virtual thread. */
@Timeout(10)
class ToThreadTest {

  @Test
  void bothBlockingCallsRunAtOnceOnVirtualThreadsAndCombine() {
    RecordingSink out = new RecordingSink();

    assertEquals("config read + prices read", ToThread.run(out));

    assertEquals(
        List.of("reading config on a virtual thread", "reading prices on a virtual thread"),
        out.texts().stream().filter(line -> line.startsWith("reading ")).sorted().toList());
  }
}
