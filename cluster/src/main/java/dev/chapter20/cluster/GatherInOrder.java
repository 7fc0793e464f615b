package dev.chapter20.cluster;

import com.hazelcast.core.IExecutorService;
import dev.chapter20.cluster.members.ClusterSession;
import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import dev.chapter20.executors.CountPrimes;
import dev.chapter20.executors.Range;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Python's {@code executor.map} on a cluster: chunks of a prime count go to the members, finish in
 * whatever order, and are gathered in the order they were sent. Section 20.5, beyond the chapter,
 * doing 20.3.1's {@code map} across members.
 *
 * <p>The gathering is the same as with a thread pool: keep the futures in a list, {@code get()}
 * each in turn. The client's futures are also {@link CompletionStage}s; a callback on each shows
 * the order in which the members really finished.
 *
 * <p><b>Threading:</b> the callbacks run on a thread of the client's as soon as each answer
 * arrives, sometimes just after {@code get()} has returned the same value; the gathering runs on
 * the calling thread, which waits on each future in turn. Completing a future happens-before the
 * {@code get()} that returns its value.
 */
public final class GatherInOrder {

  static final long LIMIT = 3_000_000;
  static final int CHUNKS = 6;

  private GatherInOrder() {}

  /** Runs the example on {@code cluster}'s members; returns the counts, in input order. */
  public static List<Long> run(ClusterSession cluster, LineSink out) throws Exception {
    IExecutorService executor = cluster.connect(out).getExecutorService("chapter20");
    List<Range> chunks = Range.split(2, LIMIT, CHUNKS);
    List<Future<Long>> futures = new ArrayList<>();
    for (Range chunk : chunks) {
      Future<Long> future = executor.submit(new CountPrimes(chunk));
      if (future instanceof CompletionStage<?> stage) {
        stage.thenRun(() -> out.println("finished " + describe(chunk)));
      }
      futures.add(future);
    }
    List<Long> counts = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i++) {
      long count = futures.get(i).get(60, TimeUnit.SECONDS);
      counts.add(count);
      out.println(
          String.format(Locale.ROOT, "in order: %s: %,d primes", describe(chunks.get(i)), count));
    }
    out.println(
        String.format(
            Locale.ROOT,
            "total %,d primes below %,d",
            counts.stream().mapToLong(Long::longValue).sum(),
            LIMIT));
    return counts;
  }

  private static String describe(Range chunk) {
    return String.format(Locale.ROOT, "[%,d, %,d)", chunk.from(), chunk.to());
  }

  public static void main(String[] args) throws Exception {
    try (ClusterSession cluster = ClusterSession.local()) {
      run(cluster, new Timeline(System.out));
    }
  }
}
