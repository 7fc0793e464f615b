package dev.chapter20.common.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramesTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final FrameWriter writer = new FrameWriter(bytes);

  private FrameReader reader() throws IOException {
    writer.flush();
    return new FrameReader(new ByteArrayInputStream(bytes.toByteArray()));
  }

  private static List<String> readAll(FrameReader reader) throws IOException {
    List<String> messages = new ArrayList<>();
    for (String message = reader.readText(); message != null; message = reader.readText()) {
      messages.add(message);
    }
    return messages;
  }

  @Test
  void messagesArriveInOrderByteForByteWhateverTheirText() throws IOException {
    List<String> sent = List.of("", "hello", "안녕하세요", "😀 e\u0301 ǆ", "tab\tnew\nline", "\0");
    for (String message : sent) {
      writer.write(message);
    }
    writer.writeEnd();

    FrameReader reader = reader();
    assertEquals(sent, readAll(reader));
    assertEquals(sent.size(), reader.count());
    assertNull(reader.read(), "the stream stays ended");
  }

  @Test
  void aTwoPartMessageIsOneMessage() throws IOException {
    writer.write(
        "12".getBytes(StandardCharsets.US_ASCII), ": body".getBytes(StandardCharsets.UTF_8));
    writer.writeEnd();

    assertEquals(List.of("12: body"), readAll(reader()));
  }

  @Test
  void aLargeMessageArrivesWhole() throws IOException {
    byte[] large = new byte[3 * 1024 * 1024];
    Arrays.fill(large, (byte) 7);
    writer.write(large);
    writer.writeEnd();

    assertArrayEquals(large, reader().read());
  }

  @Test
  void aStreamThatStopsWithoutItsEndMarkerIsReported() throws IOException {
    writer.write("one");
    writer.write("two");

    FrameReader reader = reader();
    assertEquals(List.of("one", "two"), List.of(reader.readText(), reader.readText()));
    FrameException failure = assertThrows(FrameException.class, reader::read);
    assertEquals(
        "the stream ended after 2 messages without an end marker (the writer died?)",
        failure.getMessage());
  }

  @Test
  void aCorruptLengthIsReported() throws IOException {
    writer.write("one");
    writer.flush();
    new DataOutputStream(bytes).writeInt(-7);

    FrameReader reader = reader();
    reader.read();
    FrameException failure = assertThrows(FrameException.class, reader::read);
    assertEquals("corrupt frame after 1 messages: length -7", failure.getMessage());
  }

  @Test
  void aFrameCutShortIsReported() throws IOException {
    writer.flush();
    DataOutputStream raw = new DataOutputStream(bytes);
    raw.writeInt(100);
    raw.write(new byte[10]);

    FrameException failure = assertThrows(FrameException.class, reader()::read);
    assertTrue(failure.getMessage().contains("cut short"), failure.getMessage());
  }

  @Test
  void aLostMessageIsCaughtByTheEndMarker() throws IOException {
    writer.write("one"); // "two" never arrives...
    writer.flush();
    bytes.write(endMarkerAfter("one", "two")); // ...but the writer's end marker counted it

    FrameReader reader = reader();
    assertEquals("one", reader.readText());
    FrameException failure = assertThrows(FrameException.class, reader::read);
    assertTrue(failure.getMessage().startsWith("the writer sent 2 messages"), failure.getMessage());
  }

  @Test
  void aReorderedStreamIsCaughtByTheChecksum() throws IOException {
    writer.write("two");
    writer.write("one");
    writer.flush();
    bytes.write(endMarkerAfter("one", "two"));

    FrameReader reader = reader();
    assertEquals(List.of("two", "one"), List.of(reader.readText(), reader.readText()));
    FrameException failure = assertThrows(FrameException.class, reader::read);
    assertTrue(failure.getMessage().contains("checksum"), failure.getMessage());
  }

  /** Returns the end marker a writer sends after {@code messages}. */
  private static byte[] endMarkerAfter(String... messages) throws IOException {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    FrameWriter sender = new FrameWriter(stream);
    for (String message : messages) {
      sender.write(message);
    }
    sender.flush();
    int messagesLength = stream.size();
    sender.writeEnd();
    return Arrays.copyOfRange(stream.toByteArray(), messagesLength, stream.size());
  }
}
