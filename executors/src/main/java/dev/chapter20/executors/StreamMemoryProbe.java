package dev.chapter20.executors;

import dev.chapter20.executors.pool.ProcessPoolExecutor;
import dev.chapter20.executors.pool.map.MapResults;
import dev.chapter20.executors.pool.map.SerializableFunction;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * The program {@link MeasureStreamMemory} runs in a JVM of its own, with the heap it chooses:
 * squares the numbers below {@code args[1]} in a pool of two workers, by {@code map} over a list
 * ({@code args[0]} = {@code map}) or by {@code imapUnordered} over a stream that makes each number
 * only when it is read ({@code imapUnordered}), then prints one line: how many results, their sum,
 * the seconds it took and the most heap it saw in use (sampled every millisecond, garbage
 * included).
 *
 * <p>With too small a heap, {@code map} ends in an {@link OutOfMemoryError}: the JVM exits with a
 * non-zero code, which is the measurement's answer.
 *
 * <p><b>Threading:</b> the main thread drives the pool; a daemon thread samples the heap.
 */
public final class StreamMemoryProbe {

  private static final SerializableFunction<Integer, Long> SQUARE = x -> (long) x * x;
  private static final int CHUNK = 50_000;

  private StreamMemoryProbe() {}

  public static void main(String[] args) throws InterruptedException, ExecutionException {
    if (args.length != 2 || !List.of("map", "imapUnordered").contains(args[0])) {
      System.err.println(
          "StreamMemoryProbe is the child program of the executors module's measure-imap, which"
              + " starts it with two arguments: map|imapUnordered and a count of items");
      System.exit(2);
    }
    String mode = args[0];
    int items = Integer.parseInt(args[1]);
    AtomicLong peak = sampleHeap();
    long start = System.nanoTime();
    long count = 0;
    long sum = 0;
    try (ProcessPoolExecutor pool =
        ProcessPoolExecutor.builder()
            .workers(2)
            .allowPackages(StreamMemoryProbe.class.getPackageName())
            .build()) {
      if (mode.equals("map")) {
        List<Long> squares = pool.map(SQUARE, IntStream.range(0, items).boxed().toList(), CHUNK);
        for (long square : squares) {
          sum += square;
          count++;
        }
      } else {
        try (MapResults<Integer, Long> squares =
            pool.imapUnordered(SQUARE, IntStream.range(0, items).iterator(), CHUNK)) {
          while (squares.hasNext()) {
            sum += squares.next();
            count++;
          }
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        Locale.ROOT, "%d %d %.2f %d%n", count, sum, seconds, peak.get() / (1024 * 1024));
  }

  /** Starts a daemon thread that keeps the most heap in use it has seen. */
  private static AtomicLong sampleHeap() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    AtomicLong peak = new AtomicLong();
    Thread.ofPlatform()
        .daemon()
        .name("heap-sampler")
        .start(
            () -> {
              while (true) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                  Thread.sleep(1); // a sampling interval, not synchronisation
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    return peak;
  }
}
