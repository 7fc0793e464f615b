package dev.chapter20.common.process;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Writes messages to a byte stream (a pipe to another process) so that the reader can tell where
 * each one ends and whether all of them arrived: the sending half of the protocol {@link
 * FrameReader} reads.
 *
 * <pre>
 *   message      := length:int32 (0 .. 64 MiB)  payload:byte[length]
 *   end marker   := -1:int32  count:int64  checksum:int64
 * </pre>
 *
 * <p>A pipe is a stream of bytes, not of messages; the length prefix puts the boundaries back. The
 * end marker says "that was all": it carries the number of messages sent and a CRC-32C of their
 * payloads in order, so the reader can prove it received every message exactly once and in order.
 * Text is always encoded as UTF-8, whatever the platform's default charset.
 *
 * <p><b>Threading:</b> not thread-safe; one thread writes a stream.
 */
public final class FrameWriter implements AutoCloseable {

  /** The largest payload a frame may carry; anything longer is taken as a corrupt length. */
  public static final int MAX_PAYLOAD = 64 * 1024 * 1024;

  static final int END_MARKER = -1;

  private final DataOutputStream out;
  private final CRC32C checksum = new CRC32C();
  private long count;

  /**
   * Writes frames to {@code out}, buffered; call {@link #flush()} when the reader must see them.
   */
  public FrameWriter(OutputStream out) {
    this.out = new DataOutputStream(new BufferedOutputStream(out, 64 * 1024));
  }

  /** Writes a text message, encoded as UTF-8. */
  public void write(String text) throws IOException {
    write(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes a message. */
  public void write(byte[] payload) throws IOException {
    write(payload, new byte[0]);
  }

  /**
   * Writes one message made of two parts, {@code head} then {@code body}, without copying them
   * together first: for a large body that many messages share.
   */
  public void write(byte[] head, byte[] body) throws IOException {
    long length = (long) head.length + body.length;
    if (length > MAX_PAYLOAD) {
      throw new IllegalArgumentException(
          "a frame carries at most " + MAX_PAYLOAD + " bytes, not " + length);
    }
    out.writeInt((int) length);
    out.write(head);
    out.write(body);
    checksum.update(head);
    checksum.update(body);
    count++;
  }

  /** Sends what was written so far to the reader. */
  public void flush() throws IOException {
    out.flush();
  }

  /** Writes the end marker with the count and checksum of everything written, and flushes. */
  public void writeEnd() throws IOException {
    out.writeInt(END_MARKER);
    out.writeLong(count);
    out.writeLong(checksum.getValue());
    out.flush();
  }

  /** Returns how many messages were written. */
  public long count() {
    return count;
  }

  /** Flushes and closes the underlying stream, so the reader sees the end of the stream. */
  @Override
  public void close() throws IOException {
    out.close();
  }
}
