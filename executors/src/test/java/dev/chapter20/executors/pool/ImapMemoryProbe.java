package dev.chapter20.executors.pool;

import dev.chapter20.executors.pool.map.MapResults;
import dev.chapter20.executors.pool.map.SerializableFunction;
import java.util.stream.IntStream;

/**
 * A test program, run with a small heap: squares the numbers below {@code args[0]} with {@code
 * imapUnordered}, from a stream that makes each number only when it is read, and prints how many
 * came back and their sum.
 *
 * <p>The stream ends: the first n results of an endless one, in the order chunks end, may hold a
 * chunk from beyond the n-th item and miss one before it, and their sum would vary from run to run.
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
            pool.imapUnordered(SQUARE, IntStream.range(0, items).iterator(), 50_000)) {
      long count = 0;
      long sum = 0;
      while (squares.hasNext()) {
        sum += squares.next();
        count++;
      }
      System.out.println(count + " " + sum);
    }
  }
}
