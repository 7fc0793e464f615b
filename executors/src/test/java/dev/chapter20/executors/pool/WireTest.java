package dev.chapter20.executors.pool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.executors.pool.TestTasks.Chain;
import dev.chapter20.executors.pool.TestTasks.PlainClassTask;
import java.io.InvalidClassException;
import java.io.StreamCorruptedException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wire on its own, in one JVM: what is refused, what comes back, and in which form. */
class WireTest {

  private final Wire wire = new Wire(new AllowList(List.of()), MessageLimits.DEFAULT);

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
      map.put(size, TestTasks.integers(size));
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
  void aClassThatIsNotAllowedIsRefusedWhenSentAndWhenRead() throws Exception {
    Wire.RefusedException refused =
        assertThrows(Wire.RefusedException.class, () -> wire.encode(new PlainClassTask()));
    assertTrue(refused.getMessage().contains("not on the allow list"), refused.getMessage());

    Wire allowing = new Wire(new AllowList(List.of("dev.chapter20")), MessageLimits.DEFAULT);
    byte[] bytes = allowing.encode(new PlainClassTask()); // as a hostile sender would
    InvalidClassException read =
        assertThrows(InvalidClassException.class, () -> wire.decode(bytes, 0, bytes.length));
    assertTrue(read.getMessage().contains("PlainClassTask is not on the allow list"));
  }

  @Test
  void packedListsComeBackEqualWhateverTheirItems() {
    List<List<?>> lists =
        List.of(
            List.of(),
            List.of(1, -2, Integer.MAX_VALUE),
            List.of(1L, Long.MIN_VALUE),
            List.of(0.5, Double.NaN, -0.0),
            List.of(true, false),
            List.of("ünï", "", "c"),
            Arrays.asList(1, null, 3),
            List.of(1, 2L, "mixed"),
            List.of(new Chain(null, 1)));
    for (List<?> list : lists) {
      assertEquals(list, Packed.unpack(Packed.pack(list)), list.toString());
    }
    assertInstanceOf(int[].class, Packed.pack(List.of(1, 2)));
    assertInstanceOf(Object[].class, Packed.pack(Arrays.asList(1, null)));
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
    byte[] ints = wire.encodeReply(new Reply(new MapChunk.Results(new int[] {3, 1, 2}), null));
    MapChunk.Results back = (MapChunk.Results) wire.decodeReply(ints, 0, ints.length).value();
    assertArrayEquals(new int[] {3, 1, 2}, (int[]) back.values());
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
}
