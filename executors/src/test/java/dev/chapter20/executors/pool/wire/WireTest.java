package dev.chapter20.executors.pool.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.InvalidClassException;
import java.io.Serializable;
import java.io.StreamCorruptedException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wire on its own, in one JVM: what is refused, what comes back, and in which form. */
class WireTest {

  /** A linked chain of records, {@code depth} long: each level nests one object deeper. */
  record Chain(Chain next, int value) implements Serializable {
    static Chain ofDepth(int depth) {
      Chain chain = null;
      for (int i = 0; i < depth; i++) {
        chain = new Chain(chain, i);
      }
      return chain;
    }
  }

  /** A serializable class that is not a record. */
  static final class PlainClass implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** An exception of a package that is not allowed, as a library's would be. */
  static final class LibraryException extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  private static final String HERE = WireTest.class.getPackageName();

  private final Wire wire = new Wire(new AllowList(List.of(HERE)), MessageLimits.DEFAULT);
  private final Wire jdkOnly = new Wire(new AllowList(List.of()), MessageLimits.DEFAULT);

  @Test
  void whatTheSenderAcceptsTheReaderAcceptsAtEveryDepthAroundTheLimit() throws Exception {
    int limit = MessageLimits.DEFAULT.maxDepth();
    for (int depth = 1; depth <= limit + 20; depth++) {
      byte[] bytes;
      try {
        bytes = wire.encode(Chain.ofDepth(depth));
      } catch (Wire.RefusedException refused) {
        assertTrue(depth > limit - 20, "refused at depth " + depth + ": " + refused.getMessage());
        continue;
      }
      Chain back = (Chain) wire.decode(bytes, 0, bytes.length);
      assertEquals(depth - 1, back.value());
    }
  }

  @Test
  void whatTheSenderAcceptsTheReaderAcceptsForCollectionsNearTheLimits() throws Exception {
    MessageLimits limits = MessageLimits.DEFAULT.withMaxObjects(500).withMaxArrayLength(300);
    Wire small = new Wire(new AllowList(List.of()), limits);
    for (int size = 0; size <= 600; size += 25) {
      Map<Integer, List<Integer>> map = new HashMap<>();
      map.put(size, integers(size));
      byte[] bytes;
      try {
        bytes = small.encode(map);
      } catch (Wire.RefusedException refused) {
        continue; // refused here: fine, as long as nothing accepted here is refused there
      }
      assertEquals(map, small.decode(bytes, 0, bytes.length), "size " + size);
    }
  }

  @Test
  void collectionsWhoseTablesOutgrowTheirElementsStillTravel() throws Exception {
    // An identity map sizes its table at up to six slots per mapping; these mappings reuse the
    // keys of the list, a few bytes each: the tightest case for the bound on arrays per byte.
    List<Integer> keys = new ArrayList<>();
    Map<Integer, Integer> identity = new IdentityHashMap<>();
    for (int i = 0; i < 1000; i++) {
      keys.add(Integer.valueOf(100_000 + i));
      identity.put(keys.get(i), null);
    }
    Object[] both = {keys, identity, new HashMap<>(Map.of(1, 2)), new HashMap<>()};

    byte[] bytes = jdkOnly.encode(both);

    Object[] back = (Object[]) jdkOnly.decode(bytes, 0, bytes.length);
    assertEquals(1000, ((Map<?, ?>) back[1]).size());
  }

  @Test
  void anArrayLongerThanItsMessageCouldHoldIsRefusedBeforeItIsAllocated() throws Exception {
    byte[] bytes = jdkOnly.encode(new long[0]);
    // The array's length is the stream's last four bytes: claim 64 million elements (512 MB),
    // within the default limit on array length, in a message of a few dozen bytes.
    ByteBuffer.wrap(bytes).putInt(bytes.length - 4, 64_000_000);

    InvalidClassException refused =
        assertThrows(InvalidClassException.class, () -> jdkOnly.decode(bytes, 0, bytes.length));

    assertTrue(refused.getMessage().contains("array of 64000000 elements"), refused.getMessage());
    assertTrue(refused.getMessage().contains("for a message of its size"), refused.getMessage());
  }

  @Test
  void aClassThatIsNotAllowedIsRefusedWhenSentAndWhenRead() throws Exception {
    Wire.RefusedException refused =
        assertThrows(Wire.RefusedException.class, () -> jdkOnly.encode(new PlainClass()));
    assertTrue(refused.getMessage().contains("not on the allow list"), refused.getMessage());

    byte[] bytes = wire.encode(new PlainClass()); // as a hostile sender would
    InvalidClassException read =
        assertThrows(InvalidClassException.class, () -> jdkOnly.decode(bytes, 0, bytes.length));
    assertTrue(read.getMessage().contains("PlainClass is not on the allow list"));
  }

  @Test
  void recordsAndExceptionsOfPackagesNotNamedAreRefusedToo() throws Exception {
    for (Object value : List.of(Chain.ofDepth(1), new LibraryException())) {
      Wire.RefusedException refused =
          assertThrows(Wire.RefusedException.class, () -> jdkOnly.encode(value));
      assertTrue(refused.getMessage().contains("not on the allow list"), refused.getMessage());
      byte[] bytes = wire.encode(value); // as a hostile sender would
      assertThrows(InvalidClassException.class, () -> jdkOnly.decode(bytes, 0, bytes.length));
    }
    // The JDK's own exceptions travel, whatever their package.
    byte[] io = jdkOnly.encode(new FileNotFoundException("gone"));
    assertInstanceOf(FileNotFoundException.class, jdkOnly.decode(io, 0, io.length));
  }

  @Test
  void theUnnamedPackageCannotBeAllowedForAWorkerWouldNotKnowIt() {
    // Allowed here, a class of the unnamed package would be refused by the worker, which is told
    // of the packages on its command line, where "" is no package at all.
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> new AllowList(List.of("")));
    assertTrue(refused.getMessage().contains("named package"), refused.getMessage());
  }

  @Test
  void aLambdaTravelsOnlyIfTheClassThatDefinedItIsAllowed() throws Exception {
    Runnable lambda = (Runnable & Serializable) () -> {};

    Wire.RefusedException refused =
        assertThrows(Wire.RefusedException.class, () -> jdkOnly.encode(lambda));
    assertTrue(refused.getMessage().contains(WireTest.class.getName()), refused.getMessage());

    byte[] bytes = wire.encode(lambda);
    assertInstanceOf(Runnable.class, wire.decode(bytes, 0, bytes.length));
    assertThrows(InvalidClassException.class, () -> jdkOnly.decode(bytes, 0, bytes.length));
  }

  @Test
  void plainRepliesComeBackAsTheSameValues() throws Exception {
    List<Object> values =
        Arrays.asList(null, true, false, 42, -7L, 2.5, "ünïcödé", "", Integer.MIN_VALUE);
    for (Object value : values) {
      byte[] bytes = wire.encodeReply(new Reply(value, null));
      assertEquals(PlainReply.MARK, bytes[0], "short form for " + value);
      assertEquals(new Reply(value, null), wire.decodeReply(bytes, 0, bytes.length));
    }
    byte[] ints = wire.encodeReply(new Reply(new int[] {3, 1, 2}, null));
    assertEquals(PlainReply.MARK, ints[0]);
    assertArrayEquals(new int[] {3, 1, 2}, (int[]) wire.decodeReply(ints, 0, ints.length).value());
  }

  @Test
  void otherRepliesTravelAsASerializationStream() throws Exception {
    List<Reply> replies =
        List.of(
            new Reply(List.of(1, 2), null),
            new Reply(new ArrayList<>(List.of("a")), null),
            new Reply(null, new ArithmeticException("/ by zero")));
    for (Reply reply : replies) {
      byte[] bytes = wire.encodeReply(reply);
      assertEquals((byte) 0xAC, bytes[0]);
      Reply back = wire.decodeReply(bytes, 0, bytes.length);
      assertEquals(String.valueOf(reply.value()), String.valueOf(back.value()));
      assertEquals(String.valueOf(reply.failure()), String.valueOf(back.failure()));
    }
  }

  @Test
  void aCorruptPlainReplyIsRefused() {
    byte[] truncated = {PlainReply.MARK, 3, 0, 0};
    assertThrows(StreamCorruptedException.class, () -> PlainReply.decode(truncated, 0, 4));
    byte[] unknown = {PlainReply.MARK, 99};
    assertThrows(StreamCorruptedException.class, () -> PlainReply.decode(unknown, 0, 2));
    byte[] ragged = {PlainReply.MARK, 7, 0, 0, 0, 1, 0};
    assertThrows(StreamCorruptedException.class, () -> PlainReply.decode(ragged, 0, 7));
  }

  @Test
  void aMessageOverTheSizeLimitIsRefusedBeforeItIsAllWritten() {
    Wire small = new Wire(new AllowList(List.of()), MessageLimits.DEFAULT.withMaxBytes(10_000));

    Wire.RefusedException refused =
        assertThrows(Wire.RefusedException.class, () -> small.encode(new byte[20_000]));

    assertEquals(
        "it is larger than the limit of 10000 bytes once serialized", refused.getMessage());
    assertNull(refused.getCause().getCause());
  }

  private static List<Integer> integers(int count) {
    List<Integer> list = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      list.add(i);
    }
    return list;
  }
}
