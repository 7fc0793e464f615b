package dev.chapter20.executors.pool.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Packing a map chunk's items: the same list comes back, in the most compact array. */
class PackedTest {

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
            List.of(List.of(1)));
    for (List<?> list : lists) {
      assertEquals(list, Packed.unpack(Packed.pack(list)), list.toString());
    }
    assertInstanceOf(int[].class, Packed.pack(List.of(1, 2)));
    assertInstanceOf(Object[].class, Packed.pack(Arrays.asList(1, null)));
  }
}
