package dev.chapter20.cluster.members;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.ClassFilter;
import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How this module's members and clients are configured, in code, in one place: the cluster's name,
 * discovery by a fixed list of addresses (no multicast), one network interface, no phone-home, no
 * log output, and which classes members agree to deserialize.
 */
public final class ClusterSettings {

  /** The cluster's name: members and clients of another name ignore each other. */
  public static final String CLUSTER_NAME = "chapter20";

  /** The port a member takes when none is given: Hazelcast's usual first port. */
  public static final int DEFAULT_PORT = 5701;

  /** The packages whose classes may travel to members as tasks, besides the JDK's. */
  public static final String TASK_PACKAGES = "dev.chapter20";

  // The system property that chooses Hazelcast's logging: none, jdk, log4j2, ...
  private static final String LOGGING_TYPE = "hazelcast.logging.type";

  /** The system property that sets the common pool's parallelism (the JDK's own). */
  static final String COMMON_POOL_PARALLELISM =
      "java.util.concurrent.ForkJoinPool.common.parallelism";

  private ClusterSettings() {}

  /**
   * Returns a member's configuration.
   *
   * @param host the address the member binds to and tells others (an IP address or a name)
   * @param port the port it listens on; it does not try the next ones if this one is taken
   * @param join the members it asks to join; empty, or only itself, makes it start a new cluster
   */
  public static Config member(String host, int port, List<MemberAddress> join) {
    Config config = new Config();
    config.setClusterName(CLUSTER_NAME);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    // Listen on the given interface only: a learner's laptop should not offer a task runner to its
    // whole network by accident.
    config.setProperty("hazelcast.socket.bind.any", "false");
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(port).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).addInterface(host);
    JoinConfig discovery = network.getJoin();
    discovery.getMulticastConfig().setEnabled(false);
    discovery.getAutoDetectionConfig().setEnabled(false);
    List<String> seeds = new ArrayList<>();
    join.forEach(address -> seeds.add(address.toString()));
    discovery.getTcpIpConfig().setEnabled(true).setMembers(seeds);
    // Hazelcast's default is 16 threads per executor, whatever the machine; a CPU-bound task
    // gains nothing from more threads than cores.
    config
        .getExecutorConfig("default")
        .setPoolSize(Math.max(2, Runtime.getRuntime().availableProcessors()));
    // A member deserializes what clients send it: only the JDK's harmless classes (Hazelcast's
    // default list) and this project's.
    config
        .getSerializationConfig()
        .setJavaSerializationFilterConfig(
            new JavaSerializationFilterConfig()
                .setWhitelist(new ClassFilter().addPrefixes(TASK_PACKAGES + ".")));
    return config;
  }

  /**
   * Returns a client's configuration.
   *
   * @param members where to look for the cluster; any one member that answers is enough
   * @param connectTimeout how long to keep trying before giving up (Hazelcast's default: forever)
   * @param redo whether to send an operation again when its member disconnects before answering:
   *     at-least-once for tasks whose member dies (see {@code MemberDeath})
   */
  public static ClientConfig client(
      List<MemberAddress> members, Duration connectTimeout, boolean redo) {
    ClientConfig config = new ClientConfig();
    config.setClusterName(CLUSTER_NAME);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    List<String> addresses = new ArrayList<>();
    members.forEach(address -> addresses.add(address.toString()));
    config.getNetworkConfig().setAddresses(addresses).setRedoOperation(redo);
    // One attempt to an address that drops packets may take this long; the whole search is bounded
    // by the connect timeout below.
    config
        .getNetworkConfig()
        .setConnectionTimeout((int) Math.min(connectTimeout.toMillis(), 2_000));
    config
        .getConnectionStrategyConfig()
        .getConnectionRetryConfig()
        .setClusterConnectTimeoutMillis(connectTimeout.toMillis());
    return config;
  }

  /**
   * Returns the JVM options of a member JVM. From JDK 24 (JEP 498), Hazelcast's use of {@code
   * sun.misc.Unsafe} prints a warning unless it is allowed. The option that allows it exists from
   * JDK 23 (JEP 471); JDK 21 and 22 know no such option and refuse to start with it, so it is added
   * only where it exists.
   */
  public static List<String> memberJvmOptions() {
    return Runtime.version().feature() >= 23
        ? List.of("--sun-misc-unsafe-memory-access=allow")
        : List.of();
  }

  /**
   * Gives this JVM's common pool a parallelism of 2 on a machine of 2 cores or fewer, unless {@code
   * -D}{@value #COMMON_POOL_PARALLELISM} says otherwise. Call it first in {@code main}: the pool
   * reads the property once, when it is first used, and the launcher's process handling uses it.
   *
   * <p>Why: the common pool's parallelism is the cores less one, so 1 on 2 cores, and then
   * Hazelcast, as {@code CompletableFuture} does, runs each future's callbacks on a new thread
   * instead of the pool ({@code ConcurrencyUtil}): a client starts a thread for every answer. On 2
   * cores that made 10,000 tasks take 5.6 s instead of 0.25 s, and a round trip 0.35 ms instead of
   * 0.2 ms.
   */
  public static void commonPoolOfTwoAtLeast() {
    String parallelism =
        commonPoolParallelism(
            Runtime.getRuntime().availableProcessors(),
            System.getProperty(COMMON_POOL_PARALLELISM));
    if (parallelism != null) {
      System.setProperty(COMMON_POOL_PARALLELISM, parallelism);
    }
  }

  /**
   * Returns the parallelism to set for {@code cores} and the property's value, or null for none.
   */
  static String commonPoolParallelism(int cores, String given) {
    return given == null && cores <= 2 ? "2" : null;
  }

  /**
   * Silences Hazelcast's logging in this JVM (60-70 lines per member or client otherwise), unless
   * {@code -Dhazelcast.logging.type} asks for it. Call before the first Hazelcast class loads. The
   * one switch for the whole JVM: Hazelcast's class-level loggers read this system property, and a
   * member's or client's own logging falls back to it when its configuration sets none. {@code
   * Member.start} and {@code Clients.connect} call it, so member JVMs need no option for it.
   */
  public static void quietLogging() {
    if (System.getProperty(LOGGING_TYPE) == null) {
      System.setProperty(LOGGING_TYPE, "none");
    }
  }
}
