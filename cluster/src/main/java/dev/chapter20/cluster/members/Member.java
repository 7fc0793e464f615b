package dev.chapter20.cluster.members;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import com.hazelcast.core.LifecycleListener;
import dev.chapter20.common.process.ChildRuntime;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The main of a cluster member: one JVM that joins (or starts) the cluster and runs the tasks that
 * clients send it, until it is stopped. {@link LocalCluster} starts members on this machine; on any
 * other machine with this module built, the same main starts one by hand:
 *
 * <pre>
 *   ./mvnw -q -pl cluster -am compile exec:exec -Dargs="member --host 10.0.0.5 --join 10.0.0.6:5701"
 * </pre>
 *
 * <pre>
 *   --host H        the address to listen on and to give other members (default 127.0.0.1)
 *   --port N        the port (default 5701); the member fails if it is taken
 *   --join A,B,...  members to join, host:port each (default: none, start a new cluster)
 * </pre>
 *
 * <p>Prints one line when it is a member ({@value #READY}...), then one per member that joins or
 * leaves. Bad arguments, or a port already taken, end it with one line on standard error and a
 * non-zero exit. It keeps the times of its start for {@link StartTimes}.
 *
 * <p>Started with {@code -D}{@value #STOP_AT_END_OF_INPUT}{@code =true} (as {@link LocalCluster}
 * does), it exits cleanly when its standard input ends: the JVM then writes what it recorded for a
 * faster next start (a class archive, an AOT cache's recording), which a killed JVM never does.
 *
 * <p><b>Threading:</b> the main thread configures and starts the member, then returns, or waits for
 * the end of its input; Hazelcast's own (non-daemon) threads keep the JVM alive and run the tasks.
 */
public final class Member {

  /** The start of the line a member prints once it has joined. */
  public static final String READY = "member ready";

  /** The system property that makes a member exit when its standard input ends. */
  public static final String STOP_AT_END_OF_INPUT = "chapter20.member.stopAtEndOfInput";

  private static volatile StartTimes startTimes;

  private Member() {}

  public static void main(String[] args) {
    ChildRuntime.install();
    int exitCode = start(List.of(args));
    if (exitCode != 0) {
      System.exit(exitCode);
    }
    if (Boolean.getBoolean(STOP_AT_END_OF_INPUT)) {
      awaitEndOfInput();
      System.exit(0); // Hazelcast's shutdown hook ends the member without migrating partitions
    }
  }

  /** Returns when standard input ends: nothing is sent, the parent closes the pipe. */
  private static void awaitEndOfInput() {
    try {
      while (System.in.read() != -1) {
        // nothing to read but the end
      }
    } catch (IOException e) {
      // a broken pipe ends the input too
    }
  }

  /** Returns when this JVM's member started and joined, or null before it has joined. */
  static StartTimes startTimes() {
    return startTimes;
  }

  /**
   * Starts a member in this JVM from command-line arguments and returns 0, or prints one line and
   * returns 2 for bad arguments, 1 when the member cannot start.
   */
  public static int start(List<String> args) {
    long entered = System.currentTimeMillis();
    String host = "127.0.0.1";
    int port = ClusterSettings.DEFAULT_PORT;
    List<MemberAddress> join = new ArrayList<>();
    try {
      for (int i = 0; i < args.size(); i++) {
        String option = args.get(i);
        if (i + 1 == args.size()) {
          throw new IllegalArgumentException("option " + option + " needs a value");
        }
        String value = args.get(++i);
        switch (option) {
          case "--host" -> host = InetAddress.getByName(value).getHostAddress();
          case "--port" -> port = parsePort(value);
          case "--join" -> join.addAll(MemberAddress.parseList(value));
          default -> throw new IllegalArgumentException("unknown option " + option);
        }
      }
    } catch (UnknownHostException e) {
      System.err.println("error: unknown host: " + e.getMessage());
      return 2;
    } catch (IllegalArgumentException e) {
      System.err.println(
          "error: " + e.getMessage() + "; usage: member [--host H] [--port N] [--join A,B]");
      return 2;
    }
    ClusterSettings.quietLogging();
    Config config = ClusterSettings.member(host, port, join);
    // STARTING comes once Hazelcast has built its node (its services, its server socket), just
    // before the node looks for the cluster; newHazelcastInstance returns once it has joined.
    AtomicLong nodeBuilt = new AtomicLong();
    config.addListenerConfig(
        new ListenerConfig(
            (LifecycleListener)
                event -> {
                  if (event.getState() == LifecycleState.STARTING) {
                    nodeBuilt.set(System.currentTimeMillis());
                  }
                }));
    HazelcastInstance member;
    try {
      member = Hazelcast.newHazelcastInstance(config);
    } catch (RuntimeException e) {
      System.err.println("error: the member could not start on " + host + ":" + port + ": " + e);
      return 1;
    }
    startTimes = StartTimes.of(entered, nodeBuilt.get(), System.currentTimeMillis());
    System.out.printf(
        "%s: %s:%d, pid %d, cluster of %d%n",
        READY, host, port, ProcessHandle.current().pid(), member.getCluster().getMembers().size());
    member
        .getCluster()
        .addMembershipListener(
            new MembershipListener() {
              @Override
              public void memberAdded(MembershipEvent event) {
                System.out.println("joined: " + event.getMember().getAddress());
              }

              @Override
              public void memberRemoved(MembershipEvent event) {
                System.out.println("left: " + event.getMember().getAddress());
              }
            });
    return 0;
  }

  private static int parsePort(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 1 && port <= 65_535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below, as for a number out of range
    }
    throw new IllegalArgumentException("the port '" + value + "' is not a number from 1 to 65535");
  }
}
