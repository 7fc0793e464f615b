package dev.chapter20.threading;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chapter20.common.RecordingSink;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD)
class QueueBetweenThreadsTest {

  private final RecordingSink sink = new RecordingSink();

  @RepeatedTest(10)
  void everyMessageArrivesOnceAndInOrderAndTheConsumerStopsAtTheEndMarker()
      throws InterruptedException {
    List<String> sent = IntStream.range(0, 1_000).mapToObj(i -> "message " + i).toList();

    List<String> received = QueueBetweenThreads.run(sink, 1_000);

    assertEquals(sent, received);
    assertEquals(
        sent.stream().map(m -> "took " + m).toList(), sink.textsFrom("consumer"), "consumer");
    assertEquals(
        sent.stream().map(m -> "put " + m).toList(), sink.textsFrom("producer"), "producer");
  }

  @Test
  void withNothingToSendTheEndMarkerAloneStopsTheConsumer() throws InterruptedException {
    assertEquals(List.of(), QueueBetweenThreads.run(sink, 0));
    assertEquals(List.of("the consumer stopped at the end marker after 0 messages"), sink.texts());
  }
}
