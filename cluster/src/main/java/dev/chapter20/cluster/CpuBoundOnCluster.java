package dev.chapter20.cluster;

import dev.chapter20.cluster.members.ClusterSession;
import dev.chapter20.executors.CpuBoundComparison;
import dev.chapter20.executors.Primes;
import dev.chapter20.executors.Range;
import dev.chapter20.executors.pool.ProcessPoolExecutor;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The CPU-bound job of 20.3's comparison, counting the primes below {@value #LIMIT}, done by a
 * thread pool, a process pool and the cluster, with the same {@code CountPrimes} tasks and the same
 * {@link CpuBoundComparison#sum} for all three: section 20.5, beyond the chapter, extending
 * 20.3.2's {@code cpu-comparison} by one row.
 *
 * <p>On one machine the cluster cannot win: its members share the same cores as the pools and add a
 * network hop per task. What it buys is more machines: with members elsewhere ({@code --members}),
 * the cluster row uses their cores. Printed as measured: one warm-up run, then one timed run per
 * row.
 *
 * <p><b>Threading:</b> the calling thread submits every chunk and then waits for each future in
 * turn; the chunks run on the pool's threads, in the workers' JVMs, or on the members' executor
 * threads.
 */
public final class CpuBoundOnCluster {

  static final long LIMIT = 3_000_000;

  private CpuBoundOnCluster() {}

  /** Runs the rows and prints each one's count, time and speed-up over sequential. */
  public static void run(ClusterSession cluster, PrintStream out) throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    List<Range> chunks = Range.split(2, LIMIT, 8 * cores);
    var client = cluster.connect(line -> {}); // before the clock: members start here
    int members = client.getCluster().getMembers().size();
    out.printf(
        Locale.ROOT,
        "primes below %,d on %d cores, JDK %s; %d cluster members (%s)%n",
        LIMIT,
        cores,
        Runtime.version(),
        members,
        cluster.isRemote() ? "joined with --members" : "on this machine");

    long sequential =
        CpuBoundComparison.report(out, "sequential", 0, () -> Primes.countInRange(2, LIMIT));
    try (ExecutorService threads = Executors.newFixedThreadPool(cores)) {
      CpuBoundComparison.report(
          out,
          "thread pool (" + cores + " threads)",
          sequential,
          () -> CpuBoundComparison.sum(threads, chunks));
    }
    try (ProcessPoolExecutor processes =
        ProcessPoolExecutor.builder()
            .workers(cores)
            .allowPackages(CpuBoundComparison.class.getPackageName())
            .output(out::println)
            .build()) {
      CpuBoundComparison.report(
          out,
          "process pool (" + cores + " JVMs)",
          sequential,
          () -> CpuBoundComparison.sum(processes, chunks));
    }
    CpuBoundComparison.report(
        out,
        "cluster (" + members + " members)",
        sequential,
        () -> CpuBoundComparison.sum(client.getExecutorService("chapter20"), chunks));
  }

  public static void main(String[] args) throws Exception {
    try (ClusterSession cluster = ClusterSession.local()) {
      run(cluster, System.out);
    }
  }
}
