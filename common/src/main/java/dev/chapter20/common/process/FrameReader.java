package dev.chapter20.common.process;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Reads the messages a {@link FrameWriter} wrote, and proves that none was lost, duplicated,
 * reordered or cut short.
 *
 * <p>{@link #read()} returns each message in turn and {@code null} once the end marker arrives,
 * after checking the marker's count and checksum against what was read. Every other way a stream
 * can end is a {@link FrameException} with a message saying what happened: the stream stopped
 * without an end marker (the writer died), stopped inside a frame (cut short), or carried a length
 * no writer would send (corrupt). Nothing is ever lost silently.
 *
 * <p>This is what Python's {@code multiprocessing.Queue} does for you: its feeder thread frames
 * pickled objects over a pipe. What it does not give you is a way to know the producer is done: the
 * chapter's consumer guesses with {@code queue.empty()}, which is a race (see {@code
 * ProducerConsumer} in the {@code multiprocessing} module, which reads with this class).
 *
 * <p><b>Threading:</b> not thread-safe; one thread reads a stream.
 */
public final class FrameReader {

  private final DataInputStream in;
  private final CRC32C checksum = new CRC32C();
  private long count;
  private boolean ended;

  /** Reads frames from {@code in}, buffered. */
  public FrameReader(InputStream in) {
    this.in = new DataInputStream(new BufferedInputStream(in, 64 * 1024));
  }

  /**
   * Returns the next message, or {@code null} when the writer's end marker has arrived and agrees
   * with what was read.
   *
   * @throws FrameException if the stream is corrupt, cut short, or ends without a marker
   */
  public byte[] read() throws IOException {
    if (ended) {
      return null;
    }
    int length;
    try {
      length = in.readInt();
    } catch (EOFException e) {
      throw new FrameException(
          "the stream ended after " + count + " messages without an end marker (the writer died?)");
    }
    if (length == FrameWriter.END_MARKER) {
      checkEnd();
      return null;
    }
    if (length < 0 || length > FrameWriter.MAX_PAYLOAD) {
      throw new FrameException("corrupt frame after " + count + " messages: length " + length);
    }
    byte[] payload = new byte[length];
    try {
      in.readFully(payload);
    } catch (EOFException e) {
      throw new FrameException(
          "frame " + count + " was cut short: the stream ended inside its " + length + " bytes");
    }
    checksum.update(payload);
    count++;
    return payload;
  }

  /** Returns the next message decoded from UTF-8, or {@code null} at the end marker. */
  public String readText() throws IOException {
    byte[] payload = read();
    return payload == null ? null : new String(payload, StandardCharsets.UTF_8);
  }

  /** Returns how many messages were read. */
  public long count() {
    return count;
  }

  private void checkEnd() throws IOException {
    long sentCount;
    long sentChecksum;
    try {
      sentCount = in.readLong();
      sentChecksum = in.readLong();
    } catch (EOFException e) {
      throw new FrameException("the end marker after " + count + " messages was cut short");
    }
    if (sentCount != count || sentChecksum != checksum.getValue()) {
      throw new FrameException(
          String.format(
              "the writer sent %d messages (checksum %08x) but %d arrived (checksum %08x)",
              sentCount, sentChecksum, count, checksum.getValue()));
    }
    ended = true;
  }
}
