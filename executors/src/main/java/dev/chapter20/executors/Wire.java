package dev.chapter20.executors;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;

/**
 * Turns tasks and results into bytes and back, with Java serialization checked by an {@link
 * AllowList} in both directions.
 *
 * <p>Python's process pool pickles the function and its arguments; this is the Java equivalent.
 * Each message is a complete serialization stream of its own, so the two sides never share state
 * between messages (no back-references into an earlier task).
 */
final class Wire {

  private Wire() {}

  /**
   * Serializes {@code value}.
   *
   * @throws java.io.NotSerializableException if it, or something it holds, is not serializable
   * @throws InvalidClassException if it, or something it holds, is not on the allow list
   */
  static byte[] toBytes(Object value, AllowList allowList) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (ObjectOutputStream out = new CheckedObjectOutputStream(bytes, allowList)) {
      out.writeObject(value);
    }
    return bytes.toByteArray();
  }

  /** Deserializes what {@link #toBytes} produced, refusing classes not on the allow list. */
  static Object fromBytes(byte[] bytes, AllowList allowList)
      throws IOException, ClassNotFoundException {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      in.setObjectInputFilter(allowList);
      return in.readObject();
    }
  }

  /** Checks each class as its description is written, so a refusal names the culprit. */
  private static final class CheckedObjectOutputStream extends ObjectOutputStream {
    private final AllowList allowList;

    CheckedObjectOutputStream(OutputStream out, AllowList allowList) throws IOException {
      super(out);
      this.allowList = allowList;
    }

    @Override
    protected void annotateClass(Class<?> type) throws IOException {
      if (!allowList.allows(type)) {
        throw new InvalidClassException(
            type.getName(), "not on the allow list (" + allowList.describe() + ")");
      }
    }

    @Override
    protected void annotateProxyClass(Class<?> type) throws IOException {
      throw new InvalidClassException(type.getName(), "proxies may not travel");
    }
  }
}
