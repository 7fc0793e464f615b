package dev.chapter20.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Section 20.3.2: what one item of a chunked {@code map} costs to serialize and rebuild, as the
 * {@code executors} module's process pool once sent it (a list of boxed {@code Integer}s, each an
 * object of its own in the stream) and as it sends it now (the same values packed into an {@code
 * int[]}, one object copied in bulk, boxed again on arrival). It backs the executors README's "Why
 * not Kryo".
 *
 * <p>Both benchmarks write {@value #ITEMS} items to a fresh serialization stream and read them
 * back, one stream per message as the pool does; the score is the time per item, lower is better.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MapItemsBenchmark {

  static final int ITEMS = 2_500; // the pool's default chunk for 20,000 items on 2 workers

  private List<Integer> items;

  @Setup
  public void makeItems() {
    items = new ArrayList<>(ITEMS);
    for (int i = 0; i < ITEMS; i++) {
      items.add(1_000 + i); // outside the Integer cache, as most values are
    }
  }

  /** The list as it is: one object per item in the stream. */
  @Benchmark
  @OperationsPerInvocation(ITEMS)
  public Object boxedList() throws IOException, ClassNotFoundException {
    return roundTrip(items);
  }

  /** The values packed into an {@code int[]}, and boxed again into a list once read. */
  @Benchmark
  @OperationsPerInvocation(ITEMS)
  public List<Integer> packedInts() throws IOException, ClassNotFoundException {
    int[] packed = new int[items.size()];
    for (int i = 0; i < packed.length; i++) {
      packed[i] = items.get(i);
    }
    int[] back = (int[]) roundTrip(packed);
    List<Integer> values = new ArrayList<>(back.length);
    for (int value : back) {
      values.add(value);
    }
    return values;
  }

  private static Object roundTrip(Object value) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return in.readObject();
    }
  }
}
