package dev.chapter20.executors.pool;

import dev.chapter20.common.process.ChildRuntime;
import dev.chapter20.common.process.FrameReader;
import dev.chapter20.common.process.FrameWriter;
import dev.chapter20.common.process.SpinWaitInputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * The main of a worker JVM of a {@link ProcessPoolExecutor}: connects to the pool, then reads one
 * task at a time, runs it, and sends back its {@link Reply}, until the pool's end marker.
 *
 * <p>The same request/reply loop as the {@code multiprocessing} module's {@code RequestReply}, with
 * "run a task" for "upper-case a string", but on a connection of its own: a Unix-domain socket
 * whose path the pool gives on the command line. Standard output and error stay free for whatever a
 * task prints, from Java, native code or a child process; the pool relays them line by line and
 * they can never be mistaken for a reply.
 *
 * <pre>
 *   worker to pool: hello     the token the pool gave this worker, as UTF-8
 *   pool to worker: request   sequence number (int64), then the serialized task
 *   worker to pool: reply     the request's sequence number, then the serialized Reply
 *   pool to worker: end marker: stop; the worker answers with its own end marker and exits
 * </pre>
 *
 * <p><b>Threading:</b> the main thread reads, runs and replies; tasks run one after another. Tasks
 * may start threads of their own; the worker exits when the pool says stop, whatever they do.
 */
public final class WorkerMain {

  static final String SOCKET_PROPERTY = "chapter20.pool.socket";
  static final String TOKEN_PROPERTY = "chapter20.pool.token";

  /** How long the worker polls for its next task before it blocks; see SpinWaitInputStream. */
  static final Duration SPIN = Duration.ofNanos(100_000);

  /** How long a worker tries to connect before it gives up (the pool waits longer). */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

  private WorkerMain() {}

  public static void main(String[] args) throws IOException {
    ChildRuntime.install();
    String socket = System.getProperty(SOCKET_PROPERTY);
    if (socket == null) {
      System.err.println("error: a worker is started by a ProcessPoolExecutor, not by hand");
      System.exit(2);
    }
    Wire wire = new Wire(AllowList.fromSystemProperty(), MessageLimits.fromSystemProperty());
    MapChunk.Rebuilt.use(wire);
    // A blocking channel: its reads and writes are cut off if this thread is interrupted, which is
    // why the interrupt status a task leaves behind is cleared after each task.
    SocketChannel channel = connect(UnixDomainSocketAddress.of(socket));
    FrameWriter replies = new FrameWriter(Channels.newOutputStream(channel));
    FrameReader requests =
        new FrameReader(new SpinWaitInputStream(Channels.newInputStream(channel), SPIN));
    replies.write(System.getProperty(TOKEN_PROPERTY, "")); // as UTF-8
    replies.flush();

    for (byte[] request = requests.read(); request != null; request = requests.read()) {
      byte[] sequence = new byte[Wire.HEADER_BYTES];
      System.arraycopy(request, 0, sequence, 0, Wire.HEADER_BYTES);
      Reply reply = run(wire, request);
      Thread.interrupted();
      replies.write(sequence, encode(wire, reply));
      replies.flush();
    }
    replies.writeEnd();
    System.out.flush();
    System.err.flush();
    System.exit(0); // threads a task started must not keep the worker alive
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
        if (System.nanoTime() > deadline) {
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

  /** Rebuilds the task in {@code request} and runs it; returns its result or whatever it threw. */
  static Reply run(Wire wire, byte[] request) {
    try {
      Object task = wire.decode(request, Wire.HEADER_BYTES, request.length - Wire.HEADER_BYTES);
      if (task instanceof Callable<?> callable) {
        return new Reply(callable.call(), null);
      }
      ((Runnable) task).run(); // submit lets only a Callable or a Runnable through
      return new Reply(null, null);
    } catch (Throwable e) { // an Error too: the worker reports it and carries on
      return new Reply(null, e);
    }
  }

  /**
   * Serializes a reply. A result or exception that cannot travel is replaced by a {@link
   * RemoteTaskException} saying what it was and why, so the task always gets an answer.
   */
  static byte[] encode(Wire wire, Reply reply) {
    try {
      return wire.encodeReply(reply);
    } catch (Wire.RefusedException | RuntimeException | Error e) {
      String why = e instanceof Wire.RefusedException ? e.getMessage() : e.toString();
      RemoteTaskException substitute =
          reply.failure() != null
              ? new RemoteTaskException(reply.failure(), why)
              : new RemoteTaskException(
                  "the result, a "
                      + reply.value().getClass().getName()
                      + ", cannot travel back: "
                      + why,
                  null);
      try {
        return wire.encode(new Reply(null, substitute));
      } catch (Wire.RefusedException | RuntimeException | Error again) {
        // Even the substitute is too large (a huge message or stack): send its first line only.
        String line = substitute.getMessage();
        RemoteTaskException bare =
            new RemoteTaskException(line.substring(0, Math.min(line.length(), 1000)), null);
        bare.setStackTrace(new StackTraceElement[0]);
        try {
          return wire.encode(new Reply(null, bare));
        } catch (Wire.RefusedException impossible) {
          throw new IllegalStateException("a bare exception cannot travel", impossible);
        }
      }
    }
  }
}
