package dev.chapter20.executors.pool.transport;

import dev.chapter20.common.process.ChildRuntime;
import dev.chapter20.common.process.FrameReader;
import dev.chapter20.common.process.FrameWriter;
import dev.chapter20.common.process.PrivateFolder;
import dev.chapter20.common.process.SpinWaitInputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A worker JVM's end of its connection to the pool: the other half of {@link WorkerProcess}. It
 * reads the secret from standard input, checks that the socket's folder is this user's alone,
 * connects, proves itself and checks that the pool does, then reads requests and sends replies.
 *
 * <p><b>Threading:</b> one thread uses it (the worker's main thread).
 */
public final class PoolConnection {

  /** The system property that gives a worker the path of its socket. */
  public static final String SOCKET_PROPERTY = "chapter20.pool.socket";

  /** How long the worker polls for its next request before it blocks; see SpinWaitInputStream. */
  private static final Duration SPIN = Duration.ofNanos(100_000);

  /** How long a worker tries to connect before it gives up (the pool waits longer). */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

  /**
   * A request from the pool.
   *
   * @param number its number, which the reply carries back
   * @param message what the pool sent (a view of the frame, not a copy)
   */
  public record Request(long number, ByteBuffer message) {}

  private final FrameReader requests;
  private final FrameWriter replies;

  private PoolConnection(FrameReader requests, FrameWriter replies) {
    this.requests = requests;
    this.replies = replies;
  }

  /**
   * Connects to the pool whose socket {@value #SOCKET_PROPERTY} names, with the secret on standard
   * input; then standard input is at its end.
   *
   * @throws IOException if there is no secret, the folder is not this user's alone, the pool cannot
   *     be reached, or it does not prove it knows the secret
   */
  public static PoolConnection open() throws IOException {
    String socket = System.getProperty(SOCKET_PROPERTY);
    if (socket == null) {
      throw new IOException("a worker is started by a ProcessPoolExecutor, not by hand");
    }
    byte[] secret = System.in.readNBytes(Secret.BYTES);
    if (secret.length != Secret.BYTES) {
      throw new IOException("no secret on standard input: a worker is started by its pool");
    }
    Path path = Path.of(socket);
    PrivateFolder.checkOwnerOnly(path.getParent()); // else the socket may be another user's
    ChildRuntime.whenParentGone(new CleanUp(path)); // what a killed pool left
    SocketChannel channel = connect(UnixDomainSocketAddress.of(path));
    // A blocking channel: its reads and writes are cut off if this thread is interrupted, which is
    // why the worker clears the interrupt status a task leaves behind.
    FrameWriter replies = new FrameWriter(Channels.newOutputStream(channel));
    FrameReader requests =
        new FrameReader(new SpinWaitInputStream(Channels.newInputStream(channel), SPIN));
    replies.write(Secret.workerHalf(secret));
    replies.flush();
    if (!Secret.matches(Secret.poolHalf(secret), requests.read())) {
      throw new IOException("the process at " + socket + " did not show the pool's secret");
    }
    return new PoolConnection(requests, replies);
  }

  /**
   * Connects to the pool. The pool starts its workers' JVMs before it opens their sockets, so the
   * first tries may find no socket yet: try again, for up to {@link #CONNECT_TIMEOUT}.
   */
  private static SocketChannel connect(UnixDomainSocketAddress address) throws IOException {
    long deadline = System.nanoTime() + CONNECT_TIMEOUT.toNanos();
    while (true) {
      try {
        return SocketChannel.open(address);
      } catch (IOException e) {
        if (System.nanoTime() - deadline > 0) {
          throw e;
        }
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        throw new IOException("interrupted while connecting to the pool", e);
      }
    }
  }

  /** Deletes the socket, and its folder if it is the last, of a pool that was killed. */
  private record CleanUp(Path socket) implements Runnable { // not a lambda: cheaper at start-up
    @Override
    public void run() {
      SocketFolder.workerGone(socket);
    }
  }

  /** Returns the next request, or null when the pool says stop. */
  public Request next() throws IOException {
    byte[] frame = requests.read();
    if (frame == null) {
      return null;
    }
    if (frame.length < Long.BYTES) {
      throw new IOException("a request of " + frame.length + " bytes, without its number");
    }
    ByteBuffer buffer = ByteBuffer.wrap(frame);
    long number = buffer.getLong();
    return new Request(number, buffer.slice());
  }

  /** Sends {@code message} as the reply to {@code request}. */
  public void reply(Request request, byte[] message) throws IOException {
    replies.write(ByteBuffer.allocate(Long.BYTES).putLong(request.number()).array(), message);
    replies.flush();
  }

  /** Answers the pool's stop with an end marker of its own. */
  public void stopped() throws IOException {
    replies.writeEnd();
  }
}
