package dev.chapter20.executors.pool.wire;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Turns tasks and replies into bytes and back with Java serialization, checked against an {@link
 * AllowList} and {@link MessageLimits} on both sides: Python's pool pickles, this is the Java
 * equivalent.
 *
 * <p>{@link #encode} refuses, with a reason a person can act on, anything the reading side would
 * refuse: a class that is not serializable or not allowed (for a lambda: the class that defined it,
 * which travels with it), a message over a limit. {@link #decode} rebuilds a message through a
 * filter with the same rules, so a message that was not made by {@code encode} (a corrupt or
 * hostile one) cannot build a class that is not allowed or exhaust memory or the stack: besides the
 * limits, no array it declares may be longer than four elements per byte of the message (a few
 * bytes must not make the reader allocate a huge array). Each message is a serialization stream of
 * its own: no state is shared from one message to the next.
 *
 * <p><b>Threading:</b> immutable, so thread-safe; each call uses streams of its own.
 */
public final class Wire {

  /**
   * How many array elements a message may declare per byte it holds, plus {@link #ARRAY_SLACK}.
   * Arrays written in the stream hold at least one byte per element; those a collection's {@code
   * readObject} sizes from its element count (a {@code HashMap}'s table: at most about 2.7 slots
   * per mapping, of at least two bytes each) stay below four per byte.
   */
  static final int ARRAYS_PER_BYTE = 4;

  /** Room for the smallest tables a collection makes whatever its size (a {@code HashMap}: 16). */
  static final int ARRAY_SLACK = 64;

  private final AllowList allowList;
  private final MessageLimits limits;

  /** A wire that lets through what {@code allowList} allows, within {@code limits}. */
  public Wire(AllowList allowList, MessageLimits limits) {
    this.allowList = allowList;
    this.limits = limits;
  }

  /** A message that may not travel, and why, in words fit for an error message. */
  public static final class RefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    public RefusedException(String reason, Throwable cause) {
      super(reason, cause);
    }
  }

  /**
   * Serializes {@code value}, or says why it may not travel.
   *
   * @throws RefusedException if it, or anything it holds, is not serializable or not allowed, or
   *     the message breaks a limit
   */
  public byte[] encode(Object value) throws RefusedException {
    LimitedBuffer buffer = new LimitedBuffer(limits.maxBytes());
    CheckingOutputStream out = null;
    try {
      out = new CheckingOutputStream(buffer);
      out.writeObject(value);
      out.flush();
    } catch (IOException | RuntimeException | StackOverflowError e) {
      throw new RefusedException(reason(out, buffer, e), e);
    }
    byte[] bytes = buffer.toByteArray();
    // Cheap bounds first. A reader counts at most one object per byte. The arrays it allocates
    // are the ones written (checked above) and those a collection's readObject sizes from its
    // elements (an ArrayList's, a HashMap's table): at most four per element, so four per byte.
    // It nests at most as deep as the writer did, plus one level per serializable superclass.
    // Only when a bound is over a limit is the message read back here, through the reader's own
    // filter, for the exact answer: with the default limits, messages over a million bytes.
    if (out.depthBound() > limits.maxDepth()
        || bytes.length > limits.maxObjects()
        || 4L * bytes.length > limits.maxArrayLength()) {
      readBack(bytes);
    }
    return bytes;
  }

  /**
   * Serializes a worker's reply: in {@link PlainReply}'s short form when its value is plain,
   * otherwise like {@link #encode}.
   */
  public byte[] encodeReply(Reply reply) throws RefusedException {
    if (reply.failure() == null) {
      byte[] plain = PlainReply.encode(reply.value(), limits.maxBytes());
      if (plain != null) {
        return plain;
      }
    }
    return encode(reply);
  }

  /** Rebuilds what {@link #encodeReply} made, from the remaining bytes of {@code message}. */
  public Reply decodeReply(ByteBuffer message) throws IOException, ClassNotFoundException {
    return decodeReply(
        message.array(), message.arrayOffset() + message.position(), message.remaining());
  }

  /** Rebuilds what {@link #encodeReply} made. */
  public Reply decodeReply(byte[] bytes, int offset, int length)
      throws IOException, ClassNotFoundException {
    if (length > 0 && bytes[offset] == PlainReply.MARK) {
      return new Reply(PlainReply.decode(bytes, offset, length), null);
    }
    if (decode(bytes, offset, length) instanceof Reply reply) {
      return reply;
    }
    throw new InvalidClassException("a reply that is not a Reply");
  }

  /** Rebuilds an object from the remaining bytes of {@code message}, through the filter. */
  public Object decode(ByteBuffer message) throws IOException, ClassNotFoundException {
    return decode(message.array(), message.arrayOffset() + message.position(), message.remaining());
  }

  /**
   * Rebuilds an object from {@code length} bytes of {@code bytes} at {@code offset}, through the
   * filter.
   *
   * @throws InvalidClassException if the filter refused the message; the message says why
   */
  public Object decode(byte[] bytes, int offset, int length)
      throws IOException, ClassNotFoundException {
    Filter filter = new Filter(length);
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes, offset, length))) {
      in.setObjectInputFilter(filter);
      return in.readObject();
    } catch (InvalidClassException e) {
      if (filter.rejection != null) {
        InvalidClassException refused = new InvalidClassException(filter.rejection);
        refused.initCause(e);
        throw refused;
      }
      throw e;
    } catch (StackOverflowError e) {
      InvalidClassException refused = new InvalidClassException("it is nested too deeply to read");
      refused.initCause(e);
      throw refused;
    }
  }

  private void readBack(byte[] bytes) throws RefusedException {
    try {
      decode(bytes, 0, bytes.length);
    } catch (InvalidClassException e) {
      throw new RefusedException(e.getMessage(), e);
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      throw new RefusedException("it could not be rebuilt from its bytes: " + e, e);
    }
  }

  private String reason(CheckingOutputStream out, LimitedBuffer buffer, Throwable e) {
    if (buffer.overflowed) {
      return "it is larger than the limit of " + limits.maxBytes() + " bytes once serialized";
    }
    if (out != null && out.violation != null) {
      return out.violation;
    }
    if (e instanceof StackOverflowError) {
      return "it is nested too deeply to serialize (limit " + limits.maxDepth() + " levels)";
    }
    if (e instanceof NotSerializableException) {
      return e.getMessage() + " is not Serializable";
    }
    if (e instanceof InvalidClassException) {
      return e.getMessage();
    }
    return "serializing it failed: " + e;
  }

  /** What the reading side checks: the allow list, then each limit. Remembers why it refused. */
  private final class Filter implements ObjectInputFilter {
    private final long maxArrayLength; // for this message, of this many bytes
    private String rejection;

    Filter(int messageBytes) {
      maxArrayLength =
          Math.min(limits.maxArrayLength(), (long) ARRAYS_PER_BYTE * messageBytes + ARRAY_SLACK);
    }

    @Override
    public Status checkInput(FilterInfo info) {
      if (info.depth() > limits.maxDepth()) {
        return reject("it is nested deeper than the limit of " + limits.maxDepth() + " levels");
      }
      if (info.references() > limits.maxObjects()) {
        return reject("it holds more than the limit of " + limits.maxObjects() + " objects");
      }
      if (info.arrayLength() > maxArrayLength) {
        return reject(
            "it holds an array of "
                + info.arrayLength()
                + " elements, over the limit of "
                + maxArrayLength
                + (maxArrayLength < limits.maxArrayLength() ? " for a message of its size" : ""));
      }
      Class<?> type = info.serialClass();
      if (type != null && !allowList.allows(type)) {
        return reject(type.getName() + " is not on the allow list (" + allowList.describe() + ")");
      }
      return Status.ALLOWED;
    }

    private Status reject(String why) {
      if (rejection == null) {
        rejection = why;
      }
      return Status.REJECTED;
    }
  }

  /**
   * An {@link ObjectOutputStream} that checks each class against the allow list as its description
   * is written, so that a refusal names the culprit, and keeps the numbers the limits need.
   */
  private final class CheckingOutputStream extends ObjectOutputStream {
    private long objects;
    private long nextDepthCheck;
    private boolean measured;
    private int deepestSeen; // once measured: an upper bound of the nesting of every object so far
    private int longestClassChain;
    private String violation;

    CheckingOutputStream(OutputStream out) throws IOException {
      super(out);
      enableReplaceObject(true);
      // Object n cannot nest deeper than n, so the stack is first measured at the object that
      // could reach the limit.
      nextDepthCheck = Math.max(1, limits.maxDepth() - DepthProbe.MARGIN);
    }

    @Override
    protected void annotateClass(Class<?> type) throws IOException {
      if (!allowList.allows(type)) {
        throw refuse(type.getName() + " is not on the allow list (" + allowList.describe() + ")");
      }
      int chain = 0; // the reader nests one level deeper for each serializable superclass
      for (Class<?> c = type; c != null && Serializable.class.isAssignableFrom(c); ) {
        chain++;
        c = c.getSuperclass();
      }
      longestClassChain = Math.max(longestClassChain, chain);
    }

    @Override
    protected void annotateProxyClass(Class<?> type) throws IOException {
      throw refuse(type.getName() + " is a proxy class, and proxies may not travel");
    }

    /** Called for every object, string and array about to be written: counts and checks it. */
    @Override
    protected Object replaceObject(Object object) throws IOException {
      objects++;
      Class<?> type = object.getClass();
      if (type.isArray()) {
        int length = Array.getLength(object);
        if (length > limits.maxArrayLength()) {
          throw refuse(
              "it holds an array of "
                  + length
                  + " elements, over the limit of "
                  + limits.maxArrayLength());
        }
      } else if (!(object instanceof Serializable)) {
        throw refuse(DepthProbe.notSerializable(type));
      }
      if (objects >= nextDepthCheck) {
        int depth = DepthProbe.writeDepth();
        if (depth > limits.maxDepth()) {
          throw refuse("it is nested deeper than the limit of " + limits.maxDepth() + " levels");
        }
        // Nesting grows by at most one level per object, so until the next check it stays below
        // depth + gap. The gap shrinks as the depth nears the limit.
        int gap = Math.max(1, limits.maxDepth() - DepthProbe.MARGIN - depth);
        deepestSeen = Math.max(deepestSeen, depth + gap);
        nextDepthCheck = objects + gap;
        measured = true;
      }
      return object;
    }

    /**
     * Remembers the first reason to refuse the message (serialization goes on to write the
     * exception into the stream, which must not replace the reason), and returns the exception.
     */
    private IOException refuse(String why) {
      if (violation == null) {
        violation = why;
      }
      return new InvalidClassException(why);
    }

    /** An upper bound of the nesting the reader's filter will see. */
    long depthBound() {
      long deepest = measured ? deepestSeen : objects; // object n nests at most n levels deep
      return deepest + 1 + longestClassChain; // + 1: a leaf (string, null, back-reference)
    }
  }

  /** Measures how deeply {@link ObjectOutputStream} is nested in the current thread. */
  private static final class DepthProbe {
    /** Room for class chains and leaves between the bound and the limit. */
    static final int MARGIN = 16;

    private static final StackWalker WALKER = StackWalker.getInstance();

    /** Counts the frames of {@code ObjectOutputStream.writeObject0}: one per nested object. */
    static int writeDepth() {
      long frames =
          WALKER.walk(
              stack ->
                  stack
                      .filter(
                          frame ->
                              frame.getMethodName().equals("writeObject0")
                                  && frame.getClassName().equals("java.io.ObjectOutputStream"))
                      .count());
      // Never zero inside writeObject; if a JDK ever renames the method, assume the worst, so that
      // the message is read back and checked exactly.
      return frames == 0 ? Integer.MAX_VALUE / 2 : (int) frames;
    }

    /** Explains why an object of {@code type} cannot travel, for the two common cases. */
    static String notSerializable(Class<?> type) {
      if (type.isHidden() && type.getName().contains("$$Lambda")) {
        return "a lambda ("
            + type.getName()
            + ") whose type is not Serializable: give it a serializable type, such as"
            + " SerializableFunction or (Callable<T> & Serializable), or write the task as a record";
      }
      return type.getName() + " does not implement Serializable";
    }
  }

  /** A byte buffer that refuses to grow past a limit, so a huge message fails early. */
  private static final class LimitedBuffer extends OutputStream {
    private final int limit;
    private byte[] bytes = new byte[256];
    private int size;
    private boolean overflowed;

    LimitedBuffer(int limit) {
      this.limit = limit;
    }

    @Override
    public void write(int b) throws IOException {
      ensure(1);
      bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] source, int offset, int length) throws IOException {
      ensure(length);
      System.arraycopy(source, offset, bytes, size, length);
      size += length;
    }

    private void ensure(int more) throws IOException {
      if ((long) size + more > limit) {
        overflowed = true;
        throw new IOException("over " + limit + " bytes");
      }
      if (size + more > bytes.length) {
        bytes =
            Arrays.copyOf(bytes, (int) Math.min(limit, Math.max(2L * bytes.length, size + more)));
      }
    }

    byte[] toByteArray() {
      return Arrays.copyOf(bytes, size);
    }
  }
}
