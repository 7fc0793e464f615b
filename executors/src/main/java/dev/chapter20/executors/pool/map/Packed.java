package dev.chapter20.executors.pool.map;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a list of values into one array for the wire, and back: an {@code int[]} for a list of
 * {@code Integer}s, likewise for {@code Long}, {@code Double} and {@code Boolean}, and an {@code
 * Object[]} for anything else.
 *
 * <p>Why: Java serialization writes each boxed number as an object of its own, with a class
 * reference, a handle and a filter check, about 0.15 us per item each way. A primitive array is one
 * object, copied in bulk: the items of a process pool's {@code map} chunk cost a few nanoseconds
 * each. The filter still sees the array and checks its length against the limits. {@code
 * PlainReply} sends the results' primitive arrays back without serialization.
 *
 * <p><b>Threading:</b> stateless; each call works on its own arrays and lists.
 */
final class Packed {

  private Packed() {}

  /** Returns the items as the most compact array that holds them all. */
  static Object pack(List<?> items) {
    Class<?> common = commonType(items);
    int size = items.size();
    if (common == Integer.class) {
      int[] values = new int[size];
      for (int i = 0; i < size; i++) {
        values[i] = (Integer) items.get(i);
      }
      return values;
    }
    if (common == Long.class) {
      long[] values = new long[size];
      for (int i = 0; i < size; i++) {
        values[i] = (Long) items.get(i);
      }
      return values;
    }
    if (common == Double.class) {
      double[] values = new double[size];
      for (int i = 0; i < size; i++) {
        values[i] = (Double) items.get(i);
      }
      return values;
    }
    if (common == Boolean.class) {
      boolean[] values = new boolean[size];
      for (int i = 0; i < size; i++) {
        values[i] = (Boolean) items.get(i);
      }
      return values;
    }
    return items.toArray();
  }

  /** Returns the values of an array made by {@link #pack}, as a new list. */
  @SuppressWarnings("unchecked") // the caller knows what it packed
  static <T> List<T> unpack(Object packed) {
    List<Object> values;
    if (packed instanceof int[] ints) {
      values = new ArrayList<>(ints.length);
      for (int value : ints) {
        values.add(value);
      }
    } else if (packed instanceof long[] longs) {
      values = new ArrayList<>(longs.length);
      for (long value : longs) {
        values.add(value);
      }
    } else if (packed instanceof double[] doubles) {
      values = new ArrayList<>(doubles.length);
      for (double value : doubles) {
        values.add(value);
      }
    } else if (packed instanceof boolean[] booleans) {
      values = new ArrayList<>(booleans.length);
      for (boolean value : booleans) {
        values.add(value);
      }
    } else if (packed instanceof Object[] objects) {
      values = new ArrayList<>(Arrays.asList(objects));
    } else {
      throw new IllegalArgumentException("not a packed list: " + packed.getClass());
    }
    return (List<T>) values;
  }

  /** The class every item has, if it is one of the four that pack into primitives, else null. */
  private static Class<?> commonType(List<?> items) {
    if (items.isEmpty() || items.get(0) == null) {
      return null;
    }
    Class<?> first = items.get(0).getClass();
    if (first != Integer.class
        && first != Long.class
        && first != Double.class
        && first != Boolean.class) {
      return null;
    }
    for (Object item : items) {
      if (item == null || item.getClass() != first) {
        return null;
      }
    }
    return first;
  }
}
