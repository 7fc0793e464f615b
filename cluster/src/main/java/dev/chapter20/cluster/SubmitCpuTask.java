package dev.chapter20.cluster;

import com.hazelcast.core.IExecutorService;
import dev.chapter20.cluster.members.ClusterSession;
import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import dev.chapter20.executors.CountPrimes;
import dev.chapter20.executors.Range;
import java.util.Locale;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One CPU-bound task, counting primes, submitted to the cluster: section 20.5, beyond the chapter,
 * doing 20.3.1's {@code submit} and {@code result()} with a member instead of a thread.
 *
 * <p>The task is the {@link CountPrimes} record the thread and process pools run. What travels is
 * the record (a range: 16 bytes of data), and what comes back is a {@code Long}; the member does
 * the work. That ratio, little data and much computing, is what makes a task worth sending to
 * another machine.
 *
 * <p><b>Threading:</b> the calling thread is free between {@code submit} and {@code get}; the
 * member's executor thread computes; a client thread completes the future.
 */
public final class SubmitCpuTask {

  static final Range RANGE = new Range(2, 2_000_000);

  private SubmitCpuTask() {}

  /** Runs the example on {@code cluster}'s members. */
  public static void run(ClusterSession cluster, LineSink out) throws Exception {
    IExecutorService executor = cluster.connect(out).getExecutorService("chapter20");
    long start = System.nanoTime();
    Future<Long> primes = executor.submit(new CountPrimes(RANGE));
    out.println("submitted " + new CountPrimes(RANGE) + "; this thread is free meanwhile");
    long count = primes.get(60, TimeUnit.SECONDS);
    out.println(
        String.format(
            Locale.ROOT,
            "%,d primes in [%,d, %,d), counted by a member in %d ms",
            count,
            RANGE.from(),
            RANGE.to(),
            (System.nanoTime() - start) / 1_000_000));
  }

  public static void main(String[] args) throws Exception {
    try (ClusterSession cluster = ClusterSession.local()) {
      run(cluster, new Timeline(System.out));
    }
  }
}
