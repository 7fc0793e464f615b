package dev.chapter20.executors.pool.wire;

import java.io.StreamCorruptedException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The short form of a successful {@link Reply} whose value is plain: {@code null}, a {@code
 * Boolean}, {@code Integer}, {@code Long}, {@code Double} or {@code String}, or an {@code int[]},
 * {@code long[]} or {@code double[]} (how a map chunk's results travel when they are numbers). A
 * tag byte, then the value's bits.
 *
 * <p>Why: a Java serialization stream describes each class it holds, by name, field by field, so
 * that reading back a reply carrying one {@code Integer} costs about 6 us, more than the rest of a
 * round trip's work. The short form costs a fraction of a microsecond, and builds no object from a
 * class name, so it needs no filter. Everything else travels as a serialization stream, whose first
 * byte (0xAC) no short form uses.
 *
 * <p><b>Threading:</b> stateless; each call works on its own buffers.
 */
final class PlainReply {

  /** The first byte of every short form. */
  static final byte MARK = 'P';

  private static final byte NULL = 0;
  private static final byte FALSE = 1;
  private static final byte TRUE = 2;
  private static final byte INT = 3;
  private static final byte LONG = 4;
  private static final byte DOUBLE = 5;
  private static final byte STRING = 6;
  private static final byte INTS = 7;
  private static final byte LONGS = 8;
  private static final byte DOUBLES = 9;

  private PlainReply() {}

  /**
   * Returns the short form of a successful reply with {@code value}, or null if it has none. (A
   * chain of {@code instanceof}, not a pattern {@code switch}: a type switch's first use costs a
   * worker tens of milliseconds of start-up to link.)
   */
  static byte[] encode(Object value, int maxBytes) {
    if (value == null) {
      return new byte[] {MARK, NULL};
    }
    if (value instanceof Boolean b) {
      return new byte[] {MARK, b ? TRUE : FALSE};
    }
    if (value instanceof Integer i) {
      return buffer(INT, Integer.BYTES).putInt(i).array();
    }
    if (value instanceof Long l) {
      return buffer(LONG, Long.BYTES).putLong(l).array();
    }
    if (value instanceof Double d) {
      return buffer(DOUBLE, Double.BYTES).putDouble(d).array();
    }
    if (value instanceof String s) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      return utf8.length + 2 > maxBytes ? null : buffer(STRING, utf8.length).put(utf8).array();
    }
    return packed(value, maxBytes);
  }

  private static byte[] packed(Object values, int maxBytes) {
    if (values instanceof int[] ints && 4L * ints.length + 2 <= maxBytes) {
      ByteBuffer buffer = buffer(INTS, Integer.BYTES * ints.length);
      buffer.asIntBuffer().put(ints);
      return buffer.array();
    }
    if (values instanceof long[] longs && 8L * longs.length + 2 <= maxBytes) {
      ByteBuffer buffer = buffer(LONGS, Long.BYTES * longs.length);
      buffer.asLongBuffer().put(longs);
      return buffer.array();
    }
    if (values instanceof double[] doubles && 8L * doubles.length + 2 <= maxBytes) {
      ByteBuffer buffer = buffer(DOUBLES, Double.BYTES * doubles.length);
      buffer.asDoubleBuffer().put(doubles);
      return buffer.array();
    }
    return null;
  }

  /** Reads the value of a short form that starts at {@code offset}. */
  static Object decode(byte[] bytes, int offset, int length) throws StreamCorruptedException {
    if (length < 2 || bytes[offset] != MARK) {
      throw new StreamCorruptedException("not a plain reply");
    }
    ByteBuffer body = ByteBuffer.wrap(bytes, offset + 2, length - 2);
    int size = body.remaining();
    return switch (bytes[offset + 1]) {
      case NULL -> null;
      case FALSE -> false;
      case TRUE -> true;
      case INT -> exactly(size, Integer.BYTES, body).getInt();
      case LONG -> exactly(size, Long.BYTES, body).getLong();
      case DOUBLE -> exactly(size, Double.BYTES, body).getDouble();
      case STRING -> new String(bytes, offset + 2, size, StandardCharsets.UTF_8);
      case INTS -> {
        int[] ints = new int[multiple(size, Integer.BYTES)];
        body.asIntBuffer().get(ints);
        yield ints;
      }
      case LONGS -> {
        long[] longs = new long[multiple(size, Long.BYTES)];
        body.asLongBuffer().get(longs);
        yield longs;
      }
      case DOUBLES -> {
        double[] doubles = new double[multiple(size, Double.BYTES)];
        body.asDoubleBuffer().get(doubles);
        yield doubles;
      }
      default -> throw new StreamCorruptedException("unknown plain reply " + bytes[offset + 1]);
    };
  }

  private static ByteBuffer buffer(byte tag, int size) {
    return ByteBuffer.allocate(2 + size).put(MARK).put(tag);
  }

  private static ByteBuffer exactly(int size, int expected, ByteBuffer body)
      throws StreamCorruptedException {
    if (size != expected) {
      throw new StreamCorruptedException("a plain value of " + size + " bytes");
    }
    return body;
  }

  private static int multiple(int size, int unit) throws StreamCorruptedException {
    if (size % unit != 0) {
      throw new StreamCorruptedException("packed values of " + size + " bytes");
    }
    return size / unit;
  }
}
