package dev.chapter20.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.partition.Partition;
import dev.chapter20.cluster.members.ClusterSession;
import dev.chapter20.cluster.members.MemberAddress;
import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import dev.chapter20.executors.Square;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Two ways to choose where tasks run, which a pool does not have: one task on every member ({@code
 * submitToAllMembers}), and each task on the member that owns its key ({@code submitToKeyOwner}).
 * Section 20.5, beyond the chapter; 20.3's pools hand a task to whichever worker is free.
 *
 * <p>Routing by key is what makes a cluster more than a bigger pool: the cluster divides its data
 * into partitions (271 by default), each owned by one member, and a task sent to a key's owner
 * finds that key's data in its own memory instead of fetching it over the network. Here the task is
 * the process pool's {@link Square}, which says which process ran it: the owner the client looked
 * up and the process that answered agree.
 *
 * <p><b>Threading:</b> the calling thread sends all tasks, then waits for each future in turn; the
 * members run theirs at the same time.
 */
public final class FanOutOverMembers {

  static final List<String> KEYS = List.of("alice", "bob", "carol", "dave");

  private FanOutOverMembers() {}

  /** Runs the example on {@code cluster}'s members. */
  public static void run(ClusterSession cluster, LineSink out) throws Exception {
    HazelcastInstance client = cluster.connect(out);
    IExecutorService executor = client.getExecutorService("chapter20");

    Map<Member, Future<String>> everyMember = executor.submitToAllMembers(new Square(7));
    for (Map.Entry<Member, Future<String>> answer : everyMember.entrySet()) {
      out.println(
          "member "
              + MemberAddress.of(answer.getKey().getAddress())
              + " answered: "
              + answer.getValue().get(30, TimeUnit.SECONDS));
    }

    for (String key : KEYS) {
      Partition partition = client.getPartitionService().getPartition(key);
      Future<String> answer = executor.submitToKeyOwner(new Square(key.length()), key);
      out.println(
          String.format(
              "key %-5s -> partition %3d, owner %s: %s",
              key,
              partition.getPartitionId(),
              MemberAddress.of(partition.getOwner().getAddress()),
              answer.get(30, TimeUnit.SECONDS)));
    }
  }

  public static void main(String[] args) throws Exception {
    try (ClusterSession cluster = ClusterSession.local()) {
      run(cluster, new Timeline(System.out));
    }
  }
}
