package dev.chapter20.executors.pool.wire;

import dev.chapter20.common.process.FrameWriter;
import java.util.List;

/**
 * How large a message between a process pool and its workers may be: its size in bytes once
 * serialized, how deeply its objects nest, how many objects it holds, and how long an array in it
 * may be.
 *
 * <p>Each limit is checked twice, with the same numbers: by the side that sends a message, so that
 * {@code submit} refuses a task over a limit with a {@link
 * java.util.concurrent.RejectedExecutionException} that names the limit, and a result over a limit
 * comes back as a {@code RemoteTaskException} that says so; and by the deserialization filter of
 * the side that reads it, which is the JDK's defence against an "object bomb" (a few bytes that
 * unfold into billions of objects or a stack overflow). A message the sender let through is never
 * refused by the reader.
 *
 * <p><b>Threading:</b> immutable, so thread-safe.
 *
 * @param maxBytes the largest serialized message, at most {@link #MAX_BYTES}
 * @param maxDepth how deeply objects may nest (a record holding a list holding a record: 3)
 * @param maxObjects how many objects, strings and class descriptions a message may hold
 * @param maxArrayLength the longest array a message may hold
 */
public record MessageLimits(int maxBytes, int maxDepth, long maxObjects, int maxArrayLength) {

  /** The largest message a frame can carry, less the request number the transport puts first. */
  public static final int MAX_BYTES = FrameWriter.MAX_PAYLOAD - Long.BYTES;

  /** Room for the smallest reply there is: an exception saying that a result was too large. */
  public static final int MIN_BYTES = 4096;

  /**
   * The limits a pool uses unless told otherwise: messages just under 64 MiB, 256 levels of nesting
   * (far below what overflows a thread's stack), a million objects.
   */
  public static final MessageLimits DEFAULT =
      new MessageLimits(MAX_BYTES, 256, 1_000_000, MAX_BYTES);

  private static final String PROPERTY = "chapter20.pool.limits";

  /** Checks that each limit is one a pool can work with. */
  public MessageLimits {
    if (maxBytes < MIN_BYTES || maxBytes > MAX_BYTES) {
      throw new IllegalArgumentException(
          "maxBytes must be between " + MIN_BYTES + " and " + MAX_BYTES + ", not " + maxBytes);
    }
    if (maxDepth < 8 || maxObjects < 64 || maxArrayLength < 0) {
      throw new IllegalArgumentException(
          "limits too small to carry a reply: depth "
              + maxDepth
              + " (at least 8), objects "
              + maxObjects
              + " (at least 64), array length "
              + maxArrayLength);
    }
  }

  /** Returns these limits with another size limit. */
  public MessageLimits withMaxBytes(int maxBytes) {
    return new MessageLimits(maxBytes, maxDepth, maxObjects, maxArrayLength);
  }

  /** Returns these limits with another nesting limit. */
  public MessageLimits withMaxDepth(int maxDepth) {
    return new MessageLimits(maxBytes, maxDepth, maxObjects, maxArrayLength);
  }

  /** Returns these limits with another object-count limit. */
  public MessageLimits withMaxObjects(long maxObjects) {
    return new MessageLimits(maxBytes, maxDepth, maxObjects, maxArrayLength);
  }

  /** Returns these limits with another array-length limit. */
  public MessageLimits withMaxArrayLength(int maxArrayLength) {
    return new MessageLimits(maxBytes, maxDepth, maxObjects, maxArrayLength);
  }

  /** Returns the command-line option that gives a worker JVM the same limits. */
  public String asJvmOption() {
    return "-D"
        + PROPERTY
        + "="
        + maxBytes
        + ","
        + maxDepth
        + ","
        + maxObjects
        + ","
        + maxArrayLength;
  }

  /** Reads the limits a worker was given on its command line, or the defaults. */
  public static MessageLimits fromSystemProperty() {
    String value = System.getProperty(PROPERTY);
    if (value == null) {
      return DEFAULT;
    }
    List<String> parts = List.of(value.split(","));
    return new MessageLimits(
        Integer.parseInt(parts.get(0)),
        Integer.parseInt(parts.get(1)),
        Long.parseLong(parts.get(2)),
        Integer.parseInt(parts.get(3)));
  }
}
