package dev.chapter20.cluster.members;

import com.hazelcast.core.HazelcastInstance;
import dev.chapter20.common.LineSink;
import dev.chapter20.common.process.ChildJvm;
import dev.chapter20.common.process.ChildJvmException;
import dev.chapter20.common.process.JvmLauncher;
import dev.chapter20.executors.pool.aot.AotCache;
import dev.chapter20.executors.pool.transport.JvmStartup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A cluster of member JVMs on this machine, started with the child-JVM launcher of section 20.2, so
 * that no member outlives the JVM that started it: {@link #close()} stops them, a shutdown hook
 * destroys them when this JVM exits, and each member halts by itself when this JVM is killed
 * outright ({@code ChildRuntime}).
 *
 * <p>The members listen on 127.0.0.1 only, on ports chosen free at start, and find each other by
 * that list of addresses. The first member starts the cluster, the others join it; all of them
 * start at once, which takes about as long as starting one (2-4 s on 2 cores). {@link #close()}
 * stops them cleanly (it closes their standard input, and they exit), so that a JVM can write what
 * makes its successors start faster: the launcher's class archive, or the AOT cache that {@link
 * #start(int, LineSink, Path)} asks for, which takes a member's start from seconds to about one.
 *
 * <p><b>Threading:</b> thread-safe. What members print arrives on one relay thread per member
 * ({@code member-1-stdout}, ...), which passes it to the sink set by {@link #output}.
 */
public final class LocalCluster implements AutoCloseable {

  /** How long the members may take to print that they have joined. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  /** How long a member may take to exit once its input is closed, before it is killed. */
  static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final List<ChildJvm> members = new ArrayList<>();
  private final List<JvmStartup.Start> starts = new ArrayList<>(); // how each member started
  private final List<MemberAddress> addresses = new ArrayList<>();
  private final JvmStartup startup;
  private volatile LineSink output;
  private volatile Marker marker;

  /** A line to hold back from the output, and the members that have yet to print it. */
  private record Marker(String line, CountDownLatch pending) {}

  private LocalCluster(LineSink output, JvmStartup startup) {
    this.output = Objects.requireNonNull(output);
    this.startup = startup;
  }

  /**
   * Starts {@code size} member JVMs and returns when every one has joined the cluster.
   *
   * @param output where the members' printed lines go (changeable with {@link #output})
   * @throws IOException if a member cannot start, or does not join in time; every member started
   *     has been destroyed
   */
  public static LocalCluster start(int size, LineSink output)
      throws IOException, InterruptedException {
    return start(size, output, JvmStartup.PLAIN);
  }

  /**
   * Starts {@code size} member JVMs from an ahead-of-time cache kept in {@code aotCacheFolder}, as
   * a process pool's {@code aotCache} does (JDK 24 and later, a class path of jars; elsewhere they
   * start as without it). With no cache there yet, the first member records one and the {@link
   * #close()} of this cluster makes it, which takes a few seconds more, once.
   *
   * @throws IOException if a member cannot start, or does not join in time, or the folder cannot be
   *     trusted (another user may write to it)
   */
  public static LocalCluster start(int size, LineSink output, Path aotCacheFolder)
      throws IOException, InterruptedException {
    Optional<AotCache> cache = AotCache.of(aotCacheFolder, ClusterSettings.memberJvmOptions());
    return start(size, output, cache.isPresent() ? cache.get() : JvmStartup.PLAIN);
  }

  private static LocalCluster start(int size, LineSink output, JvmStartup startup)
      throws IOException, InterruptedException {
    if (size < 1) {
      throw new IllegalArgumentException("a cluster needs at least one member, not " + size);
    }
    LocalCluster cluster = new LocalCluster(output, startup);
    try {
      List<MemberAddress> addresses = freeAddresses(size);
      CountDownLatch ready = new CountDownLatch(size);
      for (int i = 0; i < size; i++) {
        // Everyone joins the first member; the first joins only itself. Listing every member
        // instead made each wait for the others' ports and took 8-9 s instead of 3.
        cluster.launch(i + 1, addresses.get(i), addresses.get(0), ready);
      }
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      // Wait for the ready lines, but notice a member that exits instead (a port taken meanwhile).
      while (!ready.await(100, TimeUnit.MILLISECONDS)) {
        for (ChildJvm member : cluster.members()) {
          if (!member.isAlive()) {
            int exitCode = member.waitFor(Duration.ofSeconds(5)); // its last lines arrive now
            throw new IOException(
                member + " exited with code " + exitCode + " before joining: " + lastLine(member));
          }
        }
        if (System.nanoTime() > deadline) {
          throw new IOException(
              "the members did not join within " + START_TIMEOUT.toSeconds() + " s");
        }
      }
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException e) {
      cluster.destroy();
      throw e;
    }
  }

  private void launch(int number, MemberAddress address, MemberAddress seed, CountDownLatch ready)
      throws IOException {
    JvmStartup.Start start = startup.next();
    JvmLauncher launcher =
        JvmLauncher.forMain(Member.class)
            .name("member-" + number)
            .longRunning() // members compute: C2 and the default collector pay off
            .jvmOptions(ClusterSettings.memberJvmOptions().toArray(String[]::new))
            .jvmOptions(start.jvmOptions().toArray(String[]::new))
            .jvmOptions("-D" + Member.STOP_AT_END_OF_INPUT + "=true")
            // a member says nothing on standard error but why it failed (kept for the message);
            // the start's sink notices a cache the JVM cannot use, and deletes it
            .relayStderr(start.output(line -> {}))
            .args(
                "--host",
                address.host(),
                "--port",
                Integer.toString(address.port()),
                "--join",
                seed.toString());
    ChildJvm member;
    try {
      member = launcher.start();
    } catch (IOException e) {
      start.ended(false);
      throw e;
    }
    synchronized (this) {
      members.add(member);
      starts.add(start);
      addresses.add(address);
    }
    member.relayStdout(
        line -> {
          if (line.startsWith(Member.READY)) {
            ready.countDown();
          }
          Marker expected = marker;
          if (expected != null && line.equals(expected.line())) {
            expected.pending().countDown();
          } else {
            output.println(line);
          }
        });
  }

  private static String lastLine(ChildJvm member) {
    String last = member.lastStderrLines(1);
    return last.isEmpty() ? "no message" : last;
  }

  /** Sends what the members print from now on to {@code sink}. */
  public void output(LineSink sink) {
    this.output = Objects.requireNonNull(sink);
  }

  /**
   * Waits until every line the members printed before this call has been passed to the output. A
   * line reaches this JVM through a pipe and a relay thread, so it can arrive after the result of
   * the task that printed it; this sends each member a task that prints a marker, and waits for the
   * markers to come through the same pipes, after the earlier lines.
   */
  public void awaitOutput(HazelcastInstance client, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    Marker expected =
        new Marker("-- output marker " + UUID.randomUUID() + " --", new CountDownLatch(size()));
    marker = expected;
    try {
      for (Future<?> printed :
          client
              .getExecutorService("output")
              .submitToAllMembers(new PrintLine(expected.line()))
              .values()) {
        printed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      }
      if (!expected.pending().await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new TimeoutException("the members' output did not arrive within " + timeout);
      }
    } finally {
      marker = null;
    }
  }

  private synchronized int size() {
    return (int) members.stream().filter(ChildJvm::isAlive).count();
  }

  /** Returns the members' addresses, first member first. */
  public synchronized List<MemberAddress> addresses() {
    return List.copyOf(addresses);
  }

  /** Returns the member JVMs, in the order of {@link #addresses()}. */
  public synchronized List<ChildJvm> members() {
    return List.copyOf(members);
  }

  /** Returns the member JVM that listens on {@code port}. */
  public synchronized ChildJvm memberAt(int port) {
    for (int i = 0; i < addresses.size(); i++) {
      if (addresses.get(i).port() == port) {
        return members.get(i);
      }
    }
    throw new IllegalArgumentException("no member of this cluster listens on port " + port);
  }

  /**
   * Kills the member that listens on {@code port} the way a crash or {@code kill -9} would: no
   * goodbye to the others, who notice the closed connections. Returns when its process is gone.
   */
  public void kill(int port) {
    ChildJvm member = memberAt(port);
    member.close();
    ended(member, false);
  }

  /**
   * Stops every member still running and waits for each to be gone: closes their standard input,
   * which makes each exit cleanly, and kills any that has not exited within {@link #STOP_GRACE}
   * (longer for one recording an AOT cache, which then makes it before this returns).
   */
  @Override
  public void close() {
    output = line -> {}; // what they print as the others leave is no example's output
    List<ChildJvm> all = members();
    for (ChildJvm member : all) {
      try {
        member.stdin().close();
      } catch (IOException e) {
        member.close(); // its pipe is broken: it cannot be asked
      }
    }
    try {
      for (ChildJvm member : all) {
        boolean cleanly;
        try {
          cleanly = member.waitFor(exitGrace(member)) == 0;
        } catch (ChildJvmException e) {
          cleanly = false; // it did not exit in time and was killed
        }
        ended(member, cleanly);
      }
    } catch (InterruptedException e) {
      destroy();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Kills every member still running, at once: for a start that failed, or an interrupted close.
   */
  private void destroy() {
    startup.abort();
    for (ChildJvm member : members()) {
      member.close();
      ended(member, false);
    }
  }

  private synchronized Duration exitGrace(ChildJvm member) {
    JvmStartup.Start start = starts.get(members.indexOf(member));
    return start == null ? STOP_GRACE : start.exitGrace(STOP_GRACE);
  }

  /** Tells how {@code member} started that it has ended, once; it may make an AOT cache now. */
  private void ended(ChildJvm member, boolean cleanly) {
    JvmStartup.Start start;
    synchronized (this) {
      int index = members.indexOf(member);
      start = starts.get(index);
      starts.set(index, null);
    }
    if (start != null) {
      start.ended(cleanly);
    }
  }

  /**
   * Returns {@code count} ports on 127.0.0.1 that were free a moment ago. Another program could
   * take one before the member binds it; the member then fails to start, with a message saying so.
   */
  private static List<MemberAddress> freeAddresses(int count) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      return sockets.stream().map(s -> new MemberAddress("127.0.0.1", s.getLocalPort())).toList();
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }
}
