package dev.chapter20.executors;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A half-open range of numbers {@code [from, to)}: one chunk of the prime counting that the pools
 * of section 20.3 share out between their workers.
 *
 * <p>A record because a chunk is plain data; {@link Serializable} because a process pool sends it
 * to a worker JVM, which is what Python's {@code ProcessPoolExecutor} does with a task's arguments
 * (it pickles them). Records serialise through their canonical constructor, so a worker can never
 * receive a range with {@code from > to}.
 *
 * <p><b>Threading:</b> immutable, so safe to hand to any thread.
 *
 * @param from the first number in the range
 * @param to one past the last number in the range
 */
public record Range(long from, long to) implements Serializable {

  /** Checks that the range is not reversed; an empty range ({@code from == to}) is allowed. */
  public Range {
    if (from > to) {
      throw new IllegalArgumentException("reversed range [" + from + ", " + to + ")");
    }
  }

  /** Returns how many numbers the range holds. */
  public long size() {
    return to - from;
  }

  /**
   * Splits {@code [from, to)} into {@code parts} consecutive ranges whose sizes differ by at most
   * one, in order, together covering every number once.
   *
   * <p>Equal sizes are not equal work for prime counting: testing a big number costs more than a
   * small one. Split into several chunks per thread so that a thread that drew cheap chunks takes
   * another instead of idling while the last chunk runs.
   */
  public static List<Range> split(long from, long to, int parts) {
    if (parts < 1) {
      throw new IllegalArgumentException("parts must be at least 1, got " + parts);
    }
    Range whole = new Range(from, to);
    long base = whole.size() / parts;
    long remainder = whole.size() % parts; // the first `remainder` chunks get one number more
    List<Range> chunks = new ArrayList<>(parts);
    long start = from;
    for (int i = 0; i < parts; i++) {
      long end = start + base + (i < remainder ? 1 : 0);
      chunks.add(new Range(start, end));
      start = end;
    }
    return List.copyOf(chunks);
  }
}
