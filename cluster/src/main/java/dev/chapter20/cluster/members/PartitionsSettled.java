package dev.chapter20.cluster.members;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.partition.Partition;
import com.hazelcast.partition.PartitionService;
import java.io.Serial;
import java.io.Serializable;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * A task that waits, in a member, until the cluster has {@code members} members, each owning some
 * of the partitions, and no partition is migrating; returns whether that happened within {@code
 * timeoutMillis}.
 *
 * <p>Why wait: right after a member joins, partitions move to it. A durable executor's task whose
 * partition moves while it runs is started again on the new owner (see {@code MemberDeath}), and a
 * client's routing by key is briefly out of date. The examples start from a settled cluster.
 *
 * <p>Not a record: Hazelcast hands the member's instance to a task through {@link
 * HazelcastInstanceAware#setHazelcastInstance}, so it needs a field to keep it in.
 *
 * <p><b>Threading:</b> one instance runs on one thread of a member's executor; Hazelcast sets the
 * instance before it runs it.
 */
final class PartitionsSettled implements Callable<Boolean>, Serializable, HazelcastInstanceAware {

  @Serial private static final long serialVersionUID = 1L;

  private final int members;
  private final long timeoutMillis;
  private transient HazelcastInstance member;

  PartitionsSettled(int members, long timeoutMillis) {
    this.members = members;
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance member) {
    this.member = member;
  }

  @Override
  public Boolean call() throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    while (!settled()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20); // Hazelcast offers no event for "migrations done"
    }
    return true;
  }

  private boolean settled() {
    PartitionService partitions = member.getPartitionService();
    Set<Member> owners = new HashSet<>();
    for (Partition partition : partitions.getPartitions()) {
      owners.add(partition.getOwner());
    }
    return member.getCluster().getMembers().size() == members
        && owners.equals(member.getCluster().getMembers())
        && partitions.isClusterSafe();
  }
}
