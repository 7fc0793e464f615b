package dev.chapter20.cluster;

import com.hazelcast.core.HazelcastInstance;
import dev.chapter20.cluster.members.Clients;
import dev.chapter20.cluster.members.LocalCluster;
import dev.chapter20.common.Durations;
import dev.chapter20.common.process.ChildJvm;
import dev.chapter20.executors.Identity;
import dev.chapter20.executors.MeasureProcessPool;
import dev.chapter20.executors.pool.ProcessPoolExecutor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * What moving from a process pool to a cluster costs, measured in one run on this machine:
 * start-up, the round trip of a task that does nothing ({@link Identity}), and the memory of a
 * worker and of a member. Section 20.5, beyond the chapter, beside 20.3.2's {@code measure-pool}.
 *
 * <p>Two workers and two members, all on this machine, so the figures show the machinery's price,
 * not a network's: between machines add the network's round trip to every task. Wall-clock figures
 * from one run of a main, after a warm-up; resident memory from {@code /proc} (Linux).
 *
 * <p><b>Threading:</b> one task at a time from the calling thread, which waits for each answer
 * before it sends the next: a round trip is the whole path there and back.
 */
public final class MeasureCluster {

  private static final int WARM_UP = 5_000;
  private static final int ROUND_TRIPS = 5_000;

  private MeasureCluster() {}

  /** Measures both and prints a table. */
  public static void run(PrintStream out) throws Exception {
    out.printf(
        Locale.ROOT,
        "machine: %d cores, JDK %s; 2 workers against 2 members, all on this machine%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.version());

    long poolStart = System.nanoTime();
    long poolReady;
    long poolRoundTrip;
    List<Long> workerMemory;
    try (ProcessPoolExecutor pool =
        ProcessPoolExecutor.builder()
            .workers(2)
            .allowPackages(Identity.class.getPackageName())
            .output(out::println)
            .build()) {
      pool.invokeAll(List.<Callable<Integer>>of(new Identity(1), new Identity(2)));
      poolReady = System.nanoTime() - poolStart;
      MeasureProcessPool.roundTrips(pool, WARM_UP);
      poolRoundTrip = MeasureProcessPool.roundTrips(pool, ROUND_TRIPS);
      workerMemory = pool.workerPids().stream().map(MeasureCluster::residentBytes).toList();
    }

    long clusterStart = System.nanoTime();
    try (LocalCluster members = LocalCluster.start(2, line -> {})) {
      long membersJoined = System.nanoTime() - clusterStart;
      HazelcastInstance client = Clients.connect(members.addresses(), false);
      try {
        long clientConnected = System.nanoTime() - clusterStart;
        var executor = client.getExecutorService("measure");
        executor.submit(new Identity(1)).get(30, TimeUnit.SECONDS);
        long clusterReady = System.nanoTime() - clusterStart;
        Clients.awaitSettled(client, 2, Duration.ofSeconds(30));
        MeasureProcessPool.roundTrips(executor, WARM_UP);
        long clusterRoundTrip = MeasureProcessPool.roundTrips(executor, ROUND_TRIPS);
        var durable = client.getDurableExecutorService("measure");
        MeasureProcessPool.roundTrips(durable, WARM_UP);
        long durableRoundTrip = MeasureProcessPool.roundTrips(durable, ROUND_TRIPS);
        List<Long> memberMemory =
            members.members().stream()
                .map(ChildJvm::pid)
                .map(MeasureCluster::residentBytes)
                .toList();

        out.printf(Locale.ROOT, "%-44s %16s %16s %8s%n", "", "process pool", "cluster", "ratio");
        row(out, "start: first answer (cluster: + client)", poolReady, clusterReady);
        out.printf(
            Locale.ROOT,
            "  of which members joined %s, client connected %s%n",
            Durations.format(membersJoined),
            Durations.format(clientConnected - membersJoined));
        row(out, "submit(task).get() round trip", poolRoundTrip, clusterRoundTrip);
        row(out, "the same, durable executor", poolRoundTrip, durableRoundTrip);
        out.printf(
            Locale.ROOT,
            "%-44s %16s %16s %8s%n",
            "resident memory per worker / member",
            mebibytes(workerMemory),
            mebibytes(memberMemory),
            ratio(average(workerMemory), average(memberMemory)));
      } finally {
        client.shutdown();
      }
    }
  }

  private static void row(PrintStream out, String what, long pool, long cluster) {
    out.printf(
        Locale.ROOT,
        "%-44s %16s %16s %8s%n",
        what,
        Durations.format(pool),
        Durations.format(cluster),
        ratio(pool, cluster));
  }

  private static String ratio(long pool, long cluster) {
    return pool <= 0 || cluster <= 0
        ? "n/a"
        : String.format(Locale.ROOT, "%.1fx", (double) cluster / pool);
  }

  /** Returns a process's resident memory in bytes from /proc, or -1 where there is none. */
  static long residentBytes(long pid) {
    try {
      for (String line :
          Files.readAllLines(
              Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8)) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
      }
      return -1;
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  private static long average(List<Long> values) {
    return values.stream().anyMatch(v -> v < 0)
        ? -1
        : (long) values.stream().mapToLong(Long::longValue).average().orElse(-1);
  }

  private static String mebibytes(List<Long> values) {
    long average = average(values);
    return average < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MiB", average / 1048576.0);
  }

  public static void main(String[] args) throws Exception {
    run(System.out);
  }
}
