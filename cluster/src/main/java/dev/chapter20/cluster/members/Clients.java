package dev.chapter20.cluster.members;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.Partition;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Connects clients to a cluster, with a bounded wait, and waits for a cluster to settle.
 *
 * <p>A client is not a member: it holds no data and runs no tasks, it sends tasks to members and
 * receives their results. It is what this module's mains and tests use: Python's {@code
 * dask.distributed.Client} or {@code ray.init(address=...)}.
 *
 * <p><b>Threading:</b> stateless; the calling thread waits. A client it returns is thread-safe, and
 * runs threads of its own until it is shut down.
 */
public final class Clients {

  /** How long a client looks for the cluster before it gives up (Hazelcast's default: forever). */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private Clients() {}

  /**
   * Connects a client to the cluster that one of {@code members} belongs to.
   *
   * @param redo whether the client sends an operation again when its member disconnects: see {@link
   *     ClusterSettings#client}
   * @throws ClusterUnreachableException if no member answered within {@link #CONNECT_TIMEOUT}
   */
  public static HazelcastInstance connect(List<MemberAddress> members, boolean redo)
      throws ClusterUnreachableException {
    ClusterSettings.quietLogging();
    try {
      return HazelcastClient.newHazelcastClient(
          ClusterSettings.client(members, CONNECT_TIMEOUT, redo));
    } catch (IllegalStateException e) {
      throw new ClusterUnreachableException(
          "no member of cluster '"
              + ClusterSettings.CLUSTER_NAME
              + "' answered at "
              + String.join(",", members.stream().map(MemberAddress::toString).toList())
              + " within "
              + CONNECT_TIMEOUT.toSeconds()
              + " s",
          e);
    }
  }

  /**
   * Waits until the client sees {@code members} members, every one owns partitions, and none is
   * migrating (see {@link PartitionsSettled}).
   *
   * @throws TimeoutException if that takes longer than {@code timeout}
   */
  public static void awaitSettled(HazelcastInstance client, int members, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (client.getCluster().getMembers().size() != members) {
      pauseUntil(deadline, "the client to see " + members + " members");
    }
    Member any = client.getCluster().getMembers().iterator().next();
    boolean settled =
        client
            .getExecutorService("settle")
            .submitToMember(new PartitionsSettled(members, timeout.toMillis()), any)
            .get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    if (!settled) {
      throw new TimeoutException("partitions still migrating after " + timeout.toSeconds() + " s");
    }
    // The client learns the new partition table a moment after the members.
    while (clientSeesOwners(client) != members) {
      pauseUntil(deadline, "the client to learn the partition owners");
    }
  }

  private static int clientSeesOwners(HazelcastInstance client) {
    Set<Member> owners = new HashSet<>();
    for (Partition partition : client.getPartitionService().getPartitions()) {
      if (partition.getOwner() != null) {
        owners.add(partition.getOwner());
      }
    }
    return owners.size();
  }

  private static void pauseUntil(long deadline, String what)
      throws InterruptedException, TimeoutException {
    if (System.nanoTime() > deadline) {
      throw new TimeoutException("gave up waiting for " + what);
    }
    Thread.sleep(20); // the client's view is updated by events it does not expose
  }
}
