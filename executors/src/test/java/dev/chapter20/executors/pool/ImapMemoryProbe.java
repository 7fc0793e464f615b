package dev.chapter20.executors.pool;

import dev.chapter20.executors.pool.map.MapResults;
import dev.chapter20.executors.pool.map.SerializableFunction;
import java.util.stream.IntStream;

/**
 * A test program, run with a small heap: squares 10,000,000 numbers from an endless stream with
 * {@code imapUnordered} and prints how many came back and their sum.
 */
public final class ImapMemoryProbe {

  private static final SerializableFunction<Integer, Long> SQUARE = x -> (long) x * x;

  private ImapMemoryProbe() {}

  public static void main(String[] args) {
    int items = Integer.parseInt(args[0]);
    try (ProcessPoolExecutor pool =
            ProcessPoolExecutor.builder()
                .workers(2)
                .allowPackages(ImapMemoryProbe.class.getPackageName())
                .build();
        MapResults<Integer, Long> squares =
            pool.imapUnordered(SQUARE, IntStream.iterate(0, i -> i + 1).iterator(), 50_000)) {
      long count = 0;
      long sum = 0;
      while (count < items && squares.hasNext()) {
        sum += squares.next();
        count++;
      }
      System.out.println(count + " " + sum);
    }
  }
}
