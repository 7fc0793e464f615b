package dev.chapter20.cluster.members;

import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.util.concurrent.Callable;

/**
 * Where a member's start-up went: when its JVM started, when {@link Member} began to configure
 * Hazelcast, when Hazelcast had built its node and when the member had joined the cluster, each in
 * milliseconds since the epoch (one clock for every JVM on a machine, so the times of several
 * members and of the JVM that started them line up). {@link Ask} is the task that fetches them from
 * a member.
 *
 * <p><b>Threading:</b> immutable.
 *
 * @param pid the member JVM's process ID
 * @param jvmStarted when its JVM started ({@code RuntimeMXBean.getStartTime()})
 * @param mainEntered when {@link Member#start} was called: the JVM had loaded the main class
 * @param nodeBuilt when Hazelcast fired {@code STARTING}: its services were built, the join began
 * @param joined when {@code newHazelcastInstance} returned: the member was in the cluster
 */
public record StartTimes(long pid, long jvmStarted, long mainEntered, long nodeBuilt, long joined)
    implements Serializable {

  /** Returns this JVM's times, given the three that {@link Member} took. */
  static StartTimes of(long mainEntered, long nodeBuilt, long joined) {
    return new StartTimes(
        ProcessHandle.current().pid(),
        ManagementFactory.getRuntimeMXBean().getStartTime(),
        mainEntered,
        nodeBuilt,
        joined);
  }

  /**
   * The task that returns its member's start times; it fails in a JVM whose member was not started
   * by {@link Member}.
   */
  public record Ask() implements Callable<StartTimes>, Serializable {

    @Override
    public StartTimes call() {
      StartTimes times = Member.startTimes();
      if (times == null) {
        throw new IllegalStateException("this member was not started by Member.main");
      }
      return times;
    }
  }
}
