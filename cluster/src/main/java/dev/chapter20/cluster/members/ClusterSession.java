package dev.chapter20.cluster.members;

import com.hazelcast.core.HazelcastInstance;
import dev.chapter20.common.LineSink;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The cluster the examples run on, and this JVM's client of it: either members this JVM starts on
 * this machine (the default), or members already running somewhere ({@code --members}). Nothing
 * starts until the first {@link #connect}; {@link #close()} disconnects and stops what it started.
 *
 * <p><b>Threading:</b> thread-safe: guarded by {@code this}.
 */
public final class ClusterSession implements AutoCloseable {

  /** How many members the default, local cluster has. */
  public static final int LOCAL_MEMBERS = 2;

  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);

  private final List<MemberAddress> remote; // empty: start a local cluster
  private LocalCluster local;
  private HazelcastInstance client;

  private ClusterSession(List<MemberAddress> remote) {
    this.remote = List.copyOf(remote);
  }

  /** Returns a session that starts {@value #LOCAL_MEMBERS} member JVMs on this machine. */
  public static ClusterSession local() {
    return new ClusterSession(List.of());
  }

  /** Returns a session that joins the cluster of the members at {@code addresses}. */
  public static ClusterSession joining(List<MemberAddress> addresses) {
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("no member addresses given");
    }
    return new ClusterSession(addresses);
  }

  /**
   * Returns the client, connecting it (and first starting the local members) on the first call;
   * from now on what local members print goes to {@code out}.
   *
   * @throws ClusterUnreachableException if no member answers at the given addresses
   * @throws IOException if a local member cannot start, or the cluster does not settle
   */
  public synchronized HazelcastInstance connect(LineSink out)
      throws IOException, InterruptedException {
    if (client == null) {
      List<MemberAddress> addresses = remote;
      if (remote.isEmpty()) {
        out.println("starting " + LOCAL_MEMBERS + " member JVMs on this machine");
        local = LocalCluster.start(LOCAL_MEMBERS, out);
        addresses = local.addresses();
      }
      client = Clients.connect(addresses, false);
      int size = remote.isEmpty() ? LOCAL_MEMBERS : client.getCluster().getMembers().size();
      try {
        Clients.awaitSettled(client, size, SETTLE_TIMEOUT);
      } catch (ExecutionException | TimeoutException e) {
        throw new IOException("the cluster did not settle: " + e.getMessage(), e);
      }
      out.println("connected to cluster '" + ClusterSettings.CLUSTER_NAME + "': " + describe());
    }
    if (local != null) {
      local.output(out);
    }
    return client;
  }

  /**
   * Waits until what local members printed so far has reached the output; does nothing when the
   * members run elsewhere (their output stays on their consoles).
   */
  public void awaitMemberOutput() throws Exception {
    LocalCluster members;
    HazelcastInstance connected;
    synchronized (this) {
      members = local;
      connected = client;
    }
    if (members != null && connected != null) {
      members.awaitOutput(connected, Duration.ofSeconds(30));
    }
  }

  /** Returns the members this session started, if it started them. */
  public synchronized Optional<LocalCluster> localCluster() {
    return Optional.ofNullable(local);
  }

  /** Returns whether this session joins members that run elsewhere. */
  public boolean isRemote() {
    return !remote.isEmpty();
  }

  private String describe() {
    return client.getCluster().getMembers().stream()
        .map(member -> MemberAddress.of(member.getAddress()))
        .toList()
        .toString();
  }

  /** Disconnects the client, then stops the local members, if any. */
  @Override
  public synchronized void close() {
    try {
      if (client != null) {
        client.shutdown();
      }
    } finally {
      if (local != null) {
        local.close();
      }
    }
  }
}
