package dev.chapter20.benchmarks.workloads;

import dev.chapter20.benchmarks.ChapterWorkloads;
import dev.chapter20.common.process.ChildJvm;
import dev.chapter20.common.process.ChildRuntime;
import dev.chapter20.common.process.JvmLauncher;
import dev.chapter20.common.process.PrivateFolder;
import dev.chapter20.common.process.SpinWaitInputStream;
import dev.chapter20.executors.Identity;
import dev.chapter20.executors.pool.wire.AllowList;
import dev.chapter20.executors.pool.wire.MessageLimits;
import dev.chapter20.executors.pool.wire.Reply;
import dev.chapter20.executors.pool.wire.Wire;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * The floor under the pool's round trip: one small message to a second JVM and back, over the kind
 * of connection the {@code executors} pool uses for each worker (a Unix-domain {@link
 * SocketChannel}), with nothing else on the path: no task, no serialization, no queue and no
 * hand-off between threads. {@code compare.py} shows it next to the pool's round trip, and the
 * pool's figure as a multiple of it.
 *
 * <p>A message is a 12-byte frame (a 4-byte length, then the round trip's number as a {@code long})
 * written in one call; the echo JVM sends each frame back as it came, and this side checks the
 * number. Two ways to wait for the answer, a run each: {@link #spinning} waits the way the pool's
 * two ends do (a read first polls for a while, 50 us here as the pool's side and 100 us in the echo
 * as a worker, then blocks: {@link SpinWaitInputStream}); {@link #blocking} just blocks in {@code
 * read}. Polling saves the wake-up on idle cores and costs the core the other side needs on busy
 * ones, so which is lower depends on the machine's load. {@code warmUp} untimed round trips come
 * first, as many as the pool row's.
 *
 * <p>{@link #ladder} climbs from this floor toward the pool, one part at a time, so that the steps
 * between its figures say where the pool's round trip goes: after the 12-byte frames, the pool's
 * own two messages (this side encodes {@code new Identity(i)} with the pool's {@link Wire}, the
 * echo decodes it, calls it and encodes the reply, this side decodes the reply), then the same with
 * the pool's one hand-off between threads (a second thread reads and decodes each reply and
 * completes a future that the calling thread waits on in {@code get()}, as the pool's reply thread
 * does for the caller of {@code submit(...).get()}). The three take turns on one connection, a
 * block each per round, and each gives the median of its blocks: this machine's drift during a run
 * falls on all three alike, which separate runs would not share.
 *
 * <p><b>Threading:</b> one thread in each JVM reads and writes; the round trips follow one another.
 * The ladder's hand-off step adds a reader thread on this side, started and joined per block.
 */
/*
 * Maintainers: the socket's folder is named like the pool's (chapter20-pingpong-<pid>-<random>),
 * owner-only, and deleted on every way out of run(); the echo deletes it too if this JVM is killed.
 */
public final class PingPongWorkload {

  /** The system property that gives the echo JVM the socket's path. */
  public static final String SOCKET_PROPERTY = "benchmarks.pingpong.socket";

  /** The system property that gives the echo JVM its polling time, in nanoseconds. */
  public static final String SPIN_PROPERTY = "benchmarks.pingpong.spinNanos";

  /** How long this side polls before it blocks: the pool's side of a worker's socket does 50 us. */
  static final Duration SPIN = Duration.ofNanos(50_000);

  /** How long the echo polls before it blocks: a pool worker does 100 us. */
  static final Duration ECHO_SPIN = Duration.ofNanos(100_000);

  private static final int FRAME = Integer.BYTES + Long.BYTES;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration ECHO_EXIT = Duration.ofSeconds(30);

  /** How many blocks of each way the ladder times, in turn. */
  private static final int LADDER_ROUNDS = 9;

  /** What a round trip carries, and who reads the answer; {@code key}: its figure's name. */
  private enum Carrying {
    /** 12-byte frames, read by the calling thread: the floor. */
    FRAMES("frames_us"),
    /** The pool's task and reply messages, read by the calling thread. */
    MESSAGES("messages_us"),
    /** The same, read by a second thread that hands each reply to the caller. */
    MESSAGES_HANDED_OFF("handoff_us");

    final String key;

    Carrying(String key) {
      this.key = key;
    }
  }

  private PingPongWorkload() {}

  /** Times round trips whose both ends poll before they block, as the pool's; in us each. */
  public static JsonLine spinning(int warmUp, int roundTrips) throws Exception {
    return run("pingpong", SPIN, ECHO_SPIN, List.of(Carrying.FRAMES), warmUp, roundTrips);
  }

  /** Times round trips whose both ends block in {@code read} at once; in us each. */
  public static JsonLine blocking(int warmUp, int roundTrips) throws Exception {
    return run(
        "pingpong-blocking",
        Duration.ZERO,
        Duration.ZERO,
        List.of(Carrying.FRAMES),
        warmUp,
        roundTrips);
  }

  /**
   * As {@link #spinning}, then carrying the pool's two messages, then handing each reply to the
   * caller's thread, in turn on one connection; {@code roundTrips} of each, in us each.
   */
  public static JsonLine ladder(int warmUp, int roundTrips) throws Exception {
    return run("pingpong-ladder", SPIN, ECHO_SPIN, List.of(Carrying.values()), warmUp, roundTrips);
  }

  /**
   * Starts the echo JVM and times {@code roundTrips} round trips of each way after {@code warmUp}:
   * one way all at once, several in turn (see {@link #ladder}); in us each.
   */
  private static JsonLine run(
      String name,
      Duration spin,
      Duration echoSpin,
      List<Carrying> carryings,
      int warmUp,
      int roundTrips)
      throws Exception {
    Path folder =
        PrivateFolder.createNew(
            Path.of(System.getProperty("java.io.tmpdir"))
                .resolve(
                    "chapter20-pingpong-"
                        + ProcessHandle.current().pid()
                        + "-"
                        + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())));
    Path socket = folder.resolve("socket");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      String[] options =
          ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
              .filter(option -> option.startsWith("-X"))
              .toArray(String[]::new);
      try (ChildJvm echo =
              JvmLauncher.forMain(ChapterWorkloads.class)
                  .name("pingpong-echo")
                  .longRunning() // C2, as the pool's workers
                  .jvmOptions(options)
                  .jvmOptions("-D" + SOCKET_PROPERTY + "=" + socket)
                  .jvmOptions("-D" + SPIN_PROPERTY + "=" + echoSpin.toNanos())
                  .args("pingpong-echo")
                  .start();
          SocketChannel channel = accept(server, echo)) {
        Ends ends = new Ends(channel, spin);
        for (Carrying carrying : carryings) {
          ends.roundTrips(carrying, warmUp);
        }
        JsonLine line = JsonLine.of(name);
        if (carryings.size() == 1) {
          line.put("round_trip_us", ends.timed(carryings.getFirst(), roundTrips));
        } else {
          double[][] blocks = new double[carryings.size()][LADDER_ROUNDS];
          for (int round = 0; round < LADDER_ROUNDS; round++) {
            for (int way = 0; way < carryings.size(); way++) {
              blocks[way][round] = ends.timed(carryings.get(way), roundTrips / LADDER_ROUNDS);
            }
          }
          for (int way = 0; way < carryings.size(); way++) {
            Arrays.sort(blocks[way]);
            line.put(carryings.get(way).key, blocks[way][LADDER_ROUNDS / 2]);
          }
        }
        channel.shutdownOutput(); // the echo reads the end of the stream and exits
        echo.waitForSuccess(ECHO_EXIT);
        return line.put("round_trips", roundTrips);
      }
    } finally {
      Files.deleteIfExists(socket);
      Files.deleteIfExists(folder);
    }
  }

  /**
   * The echo JVM: connects to the socket {@value #SOCKET_PROPERTY} names and sends every frame back
   * until the stream ends, polling as long as {@value #SPIN_PROPERTY} says; returns how many it
   * echoed.
   */
  public static JsonLine echo() throws Exception {
    ChildRuntime.install(); // exit if the JVM that started this one is killed
    Path socket = Path.of(System.getProperty(SOCKET_PROPERTY));
    ChildRuntime.whenParentGone(new CleanUp(socket));
    long echoed = 0;
    try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      Ends ends = new Ends(channel, Duration.ofNanos(Long.getLong(SPIN_PROPERTY, 0)));
      while (ends.echoOne()) {
        echoed++;
      }
    }
    return JsonLine.of("pingpong-echo").put("echoed", echoed);
  }

  /** Waits for the echo to connect; fails in one line if it ends first or takes too long. */
  private static SocketChannel accept(ServerSocketChannel server, ChildJvm echo)
      throws IOException, InterruptedException {
    server.configureBlocking(false);
    long deadline = System.nanoTime() + CONNECT_TIMEOUT.toNanos();
    while (true) {
      SocketChannel channel = server.accept();
      if (channel != null) {
        channel.configureBlocking(true);
        return channel;
      }
      if (!echo.isAlive()) {
        echo.awaitExit(ECHO_EXIT); // its last words on standard error arrive meanwhile
        throw new IOException("the echo JVM ended before it connected: " + echo.lastStderrLines(2));
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IOException("the echo JVM did not connect within " + CONNECT_TIMEOUT);
      }
      Thread.sleep(1);
    }
  }

  /** One end of the connection: frames out with one write, frames in through a spinning read. */
  private static final class Ends {
    private final SocketChannel channel;
    private final DataInputStream in;
    private final ByteBuffer out = ByteBuffer.allocateDirect(FRAME);
    private final Wire wire =
        new Wire(new AllowList(List.of(Identity.class.getPackageName())), MessageLimits.DEFAULT);

    Ends(SocketChannel channel, Duration spin) {
      this.channel = channel;
      this.in =
          new DataInputStream(
              new BufferedInputStream(
                  new SpinWaitInputStream(Channels.newInputStream(channel), spin)));
    }

    /** Times {@code count} round trips; in us each. */
    double timed(Carrying carrying, int count) throws Exception {
      long start = System.nanoTime();
      roundTrips(carrying, count);
      return (System.nanoTime() - start) / 1e3 / count;
    }

    void roundTrips(Carrying carrying, int count) throws Exception {
      switch (carrying) {
        case FRAMES -> frameRoundTrips(count);
        case MESSAGES -> messageRoundTrips(count);
        case MESSAGES_HANDED_OFF -> handedOffRoundTrips(count);
      }
    }

    private void frameRoundTrips(int count) throws IOException {
      for (long i = 0; i < count; i++) {
        send(i);
        if (in.readInt() != Long.BYTES || in.readLong() != i) {
          throw new IOException("the echo sent back another frame than round trip " + i + "'s");
        }
      }
    }

    /**
     * Answers one frame: a round trip's number (8 bytes) is sent back as it came, anything longer
     * is a task, decoded, called and answered with its reply; returns false at the end of the
     * stream.
     */
    boolean echoOne() throws Exception {
      int first = in.read(); // the wait for the next frame: polls, then blocks
      if (first < 0) {
        return false;
      }
      int length = (first << 24) | (in.readUnsignedByte() << 16) | in.readUnsignedShort();
      if (length == Long.BYTES) {
        send(in.readLong());
      } else {
        byte[] request = readBody(length);
        Callable<?> task = (Callable<?>) wire.decode(request, 0, request.length);
        sendMessage(wire.encodeReply(new Reply(task.call(), null)));
      }
      return true;
    }

    private void messageRoundTrips(int count) throws Exception {
      for (int i = 0; i < count; i++) {
        sendMessage(wire.encode(new Identity(i)));
        byte[] reply = readMessage();
        check(i, wire.decodeReply(reply, 0, reply.length).value());
      }
    }

    /** Each reply read and decoded on a second thread, which completes the caller's future. */
    private void handedOffRoundTrips(int count) throws Exception {
      List<CompletableFuture<Object>> answers =
          Stream.generate(CompletableFuture<Object>::new).limit(count).toList();
      Thread replies =
          Thread.ofPlatform()
              .name("pingpong-replies")
              .start(
                  () -> {
                    for (CompletableFuture<Object> answer : answers) {
                      try {
                        byte[] reply = readMessage();
                        answer.complete(wire.decodeReply(reply, 0, reply.length).value());
                      } catch (Exception e) {
                        answer.completeExceptionally(e);
                        return;
                      }
                    }
                  });
      boolean answered = false;
      try {
        for (int i = 0; i < count; i++) {
          sendMessage(wire.encode(new Identity(i)));
          check(i, answers.get(i).get());
        }
        answered = true;
      } finally {
        if (!answered) {
          channel.close(); // ends the reader's wait for replies that will not come
        }
        replies.join();
      }
    }

    private byte[] readMessage() throws IOException {
      return readBody(in.readInt());
    }

    private byte[] readBody(int length) throws IOException {
      byte[] body = new byte[length];
      in.readFully(body);
      return body;
    }

    private void sendMessage(byte[] body) throws IOException {
      ByteBuffer message = ByteBuffer.allocate(Integer.BYTES + body.length);
      message.putInt(body.length).put(body).flip();
      while (message.hasRemaining()) {
        channel.write(message);
      }
    }

    private static void check(int i, Object answer) throws IOException {
      if (!Integer.valueOf(i).equals(answer)) {
        throw new IOException("the echo answered " + answer + " to round trip " + i);
      }
    }

    private void send(long number) throws IOException {
      out.clear();
      out.putInt(Long.BYTES).putLong(number).flip();
      while (out.hasRemaining()) {
        channel.write(out);
      }
    }
  }

  /** Deletes the socket and its folder, for an echo whose parent was killed. */
  private record CleanUp(Path socket) implements Runnable {
    @Override
    public void run() {
      try {
        Files.deleteIfExists(socket);
        Files.deleteIfExists(socket.getParent());
      } catch (IOException e) {
        // the next run makes a folder of its own; this one is only litter
      }
    }
  }
}
