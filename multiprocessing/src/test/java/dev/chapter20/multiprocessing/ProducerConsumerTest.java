package dev.chapter20.multiprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.common.RecordingSink;
import dev.chapter20.multiprocessing.ProducerConsumer.Run;
import java.io.IOException;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@Timeout(60)
@ExtendWith(NoChildProcessLeft.class)
class ProducerConsumerTest {

  private final RecordingSink sink = new RecordingSink();

  @Test
  void everyMessageArrivesInOrderAndTheConsumerStopsAtTheEndMarker() throws Exception {
    ProducerConsumer.run(sink, Run.of(5, "hello"));

    List<String> consumed =
        IntStream.range(0, 5).mapToObj(i -> "consumed " + i + ": hello").toList();
    List<String> fromConsumer = sink.textsFrom("consumer-stdout");
    assertEquals(consumed, fromConsumer.subList(0, 5));
    assertEquals("received all 5 messages, in order, checksum verified", fromConsumer.get(5));
    assertEquals(5, sink.textsFrom("producer-stderr").size());
    assertEquals("producer and consumer have finished", sink.texts().getLast());
  }

  @Test
  void anyUnicodeTextSurvivesTheTripByteForByte() throws Exception {
    String text = "한국어 😀 e\u0301 עברית ǆ \u200b end";

    ProducerConsumer.run(sink, Run.of(3, text));

    assertEquals("consumed 2: " + text, sink.textsFrom("consumer-stdout").get(2));
  }

  @Test
  void aLargeRunArrivesCompleteInOrderAndExactlyOnce() throws Exception {
    ProducerConsumer.run(sink, Run.of(100_000, "payload"));

    // The consumer checks the producer's count and order-sensitive checksum before saying so.
    assertEquals(
        List.of("received all 100000 messages, in order, checksum verified"),
        sink.textsFrom("consumer-stdout"));
  }

  @Test
  void aProducerThatDiesMidStreamIsReported() {
    IOException failure =
        assertThrows(
            IOException.class,
            () -> ProducerConsumer.run(sink, withProducerOptions("--die-after", "3")));

    String message = failure.getMessage();
    assertTrue(message.matches("consumer \\(pid \\d+\\) exited with code 1: .*"), message);
    assertTrue(
        message.contains("the stream ended after 3 messages without an end marker"), message);
    assertTrue(message.contains("producer (pid "), message);
    assertTrue(message.contains("exited with code 3: error: dying on purpose after 3"), message);
  }

  @Test
  void aConsumerThatDiesIsReported() {
    IOException failure =
        assertThrows(
            IOException.class,
            () ->
                ProducerConsumer.run(
                    sink, new Run(50_000, "x", List.of(), List.of("--die-after", "10"))));

    String message = failure.getMessage();
    assertTrue(message.matches("consumer \\(pid \\d+\\) exited with code 3: .*"), message);
    assertTrue(message.contains("producer (pid "), message); // its pipe broke
  }

  @Test
  void aCorruptFrameIsReported() {
    IOException failure =
        assertThrows(
            IOException.class,
            () -> ProducerConsumer.run(sink, withProducerOptions("--corrupt-after", "2")));

    assertTrue(
        failure.getMessage().contains("corrupt frame after 2 messages: length 2147483647"),
        failure.getMessage());
  }

  @Test
  void aTruncatedFrameIsReported() {
    IOException failure =
        assertThrows(
            IOException.class,
            () -> ProducerConsumer.run(sink, withProducerOptions("--truncate-after", "4")));

    assertTrue(
        failure.getMessage().contains("frame 4 was cut short: the stream ended inside its 100"),
        failure.getMessage());
  }

  private static Run withProducerOptions(String... options) {
    return new Run(10, "x", List.of(options), List.of());
  }
}
