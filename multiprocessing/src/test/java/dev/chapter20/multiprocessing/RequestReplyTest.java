package dev.chapter20.multiprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chapter20.common.RecordingSink;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@Timeout(60)
@ExtendWith(NoChildProcessLeft.class)
class RequestReplyTest {

  @Test
  void eachRequestGetsItsOwnReplyInOrder() throws Exception {
    RecordingSink sink = new RecordingSink();

    RequestReply.run(sink, List.of("hello", "straße", "안녕하세요", "ǆ"));

    assertEquals(
        List.of("hello -> HELLO", "straße -> STRASSE", "안녕하세요 -> 안녕하세요", "ǆ -> Ǆ"),
        sink.texts().subList(1, 5));
  }
}
