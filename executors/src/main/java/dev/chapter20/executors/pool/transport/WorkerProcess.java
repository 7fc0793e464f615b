package dev.chapter20.executors.pool.transport;

import dev.chapter20.common.process.ChildJvm;
import dev.chapter20.common.process.ChildJvmException;
import dev.chapter20.common.process.FrameReader;
import dev.chapter20.common.process.FrameWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The pool's end of one worker JVM: its process and its connection. It starts the JVM, waits for it
 * to connect and prove who it is, sends it requests and reads its replies, and stops or kills it.
 * It knows nothing of tasks: a request and a reply are bytes.
 *
 * <pre>
 *   worker to pool:  the first half of its secret             (the worker proves itself)
 *   pool to worker:  the second half                          (then the pool does)
 *   pool to worker:  request   number (int64), then the message
 *   worker to pool:  reply     the same number, then the message
 *   pool to worker:  end marker: stop; the worker exits
 * </pre>
 *
 * <p>Every frame is a {@link FrameWriter} frame. A reply under another number than the request's (a
 * replayed or misdirected one) is a {@link ProtocolViolation}, never taken for the answer.
 *
 * <p><b>Threading:</b> one thread reads (the worker's thread in the pool), and one thread at a time
 * writes (whichever took the worker to send it a request or the stop); {@link #kill} may be called
 * from any thread, and makes a read or write in progress fail.
 */
public final class WorkerProcess {

  /** How long a new worker JVM may take to connect; two cores starting eight JVMs take seconds. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(60);

  /** How long the pool's side polls for a reply before it sleeps, when a core is idle. */
  private static final Duration SPIN = Duration.ofNanos(50_000);

  /** How long the relay threads get to pass on a stopped JVM's last lines. */
  private static final Duration RELAY_GRACE = Duration.ofSeconds(5);

  /** A reply under another request's number, or an end marker while a request runs. */
  public static final class ProtocolViolation extends IOException {
    private static final long serialVersionUID = 1L;

    public ProtocolViolation(String message) {
      super(message);
    }
  }

  /** A worker JVM that did not connect; {@code killedBySignal}: a start worth trying again. */
  public static final class StartFailedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean killedBySignal;

    StartFailedException(String message, boolean killedBySignal) {
      super(message);
      this.killedBySignal = killedBySignal;
    }

    public boolean killedBySignal() {
      return killedBySignal;
    }
  }

  /**
   * How a JVM ended, in words, and whether a signal killed it.
   *
   * @param text such as {@code exited with code 3: <its last line of standard error>}
   * @param killedBySignal whether a signal ended it (a start worth trying again)
   */
  public record Ending(String text, boolean killedBySignal) {}

  private final ChildJvm jvm;
  private final Path socketPath;
  private final byte[] secret;
  private final JvmStartup.Start start;
  private final BooleanSupplier worthSpinning;

  private ServerSocketChannel listening; // until connected
  private volatile WorkerSocket socket; // volatile: kill() closes it from any thread
  private volatile boolean killed;
  private boolean endReported;
  private FrameReader replies;
  private FrameWriter requests;
  private volatile long lastRequest; // written by the sender, read by the reader
  // Written by the thread that asks the worker to stop, read by the reader once it has.
  private volatile boolean stopRequested;
  private volatile List<ProcessHandle> startedByTasks = List.of(); // at the stop request
  private volatile long stopDeadline; // System.nanoTime()

  WorkerProcess(
      ChildJvm jvm,
      Path socketPath,
      byte[] secret,
      JvmStartup.Start start,
      BooleanSupplier worthSpinning) {
    this.jvm = jvm;
    this.socketPath = socketPath;
    this.secret = secret;
    this.start = start;
    this.worthSpinning = worthSpinning;
  }

  /** Gives the JVM its secret on standard input, then closes it: a task that reads it sees EOF. */
  void sendSecret() {
    try (OutputStream stdin = jvm.stdin()) {
      stdin.write(secret);
    } catch (IOException e) {
      // The JVM has already died: connect() says how.
    }
  }

  /** Returns the JVM's process ID. */
  public long pid() {
    return jvm.pid();
  }

  /**
   * Opens the socket the JVM connects to. The pool starts its JVMs before it opens their sockets,
   * so that they boot meanwhile: a worker tries to connect until its socket is there.
   */
  public void listen() throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(socketPath));
      server.configureBlocking(false);
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    listening = server;
  }

  /**
   * Waits, up to {@link #CONNECT_TIMEOUT}, for the JVM to connect and prove it knows its secret,
   * then proves the pool does. On failure the JVM has been killed.
   *
   * @param giveUp polled while waiting: true stops the wait (the pool is stopping)
   * @throws StartFailedException saying why the JVM did not connect
   */
  public void connect(BooleanSupplier giveUp) throws StartFailedException {
    long deadline = System.nanoTime() + CONNECT_TIMEOUT.toNanos();
    try (Selector selector = Selector.open()) {
      listening.register(selector, SelectionKey.OP_ACCEPT);
      SocketChannel accepted = listening.accept();
      while (accepted == null) {
        if (giveUp.getAsBoolean()) {
          discard();
          throw new StartFailedException("the pool is stopping", false);
        }
        if (!jvm.isAlive()) {
          Ending how = ending(3);
          discard();
          throw new StartFailedException(
              this + " ended before it connected to the pool: " + how.text(), how.killedBySignal());
        }
        if (System.nanoTime() - deadline > 0) {
          discard();
          throw new StartFailedException(
              this + " did not connect within " + CONNECT_TIMEOUT.toSeconds() + " s", false);
        }
        Thread.interrupted(); // it would make select return at once, every time
        selector.select(100); // also a poll of the JVM: it may die without connecting
        selector.selectedKeys().clear();
        accepted = listening.accept();
      }
      handshake(new WorkerSocket(accepted), deadline);
    } catch (IOException e) { // above all: the JVM died, or stopped answering, while connecting
      boolean bySignal = !killed && ending(1).killedBySignal(); // waits for it to end
      discard();
      throw new StartFailedException("cannot connect to " + this + ": " + e.getMessage(), bySignal);
    } finally {
      closeListening();
    }
  }

  /** The worker shows its half of the secret, then the pool shows its own; both before deadline. */
  private void handshake(WorkerSocket connection, long deadline)
      throws IOException, StartFailedException {
    socket = connection;
    if (killed) { // kill() came before the socket was there to close
      connection.close();
    }
    connection.readDeadline(deadline);
    FrameReader reader = new FrameReader(connection.input(SPIN, worthSpinning));
    FrameWriter writer = new FrameWriter(connection.output());
    if (!Secret.matches(Secret.workerHalf(secret), reader.read())) {
      discard();
      throw new StartFailedException(this + " connected but did not show its secret", false);
    }
    writer.write(Secret.poolHalf(secret));
    writer.flush();
    connection.noReadDeadline();
    replies = reader;
    requests = writer;
  }

  /**
   * Sends a request; {@link #receive} then returns its reply.
   *
   * @throws IOException if the worker has gone: it never saw the request
   */
  public void send(byte[] message) throws IOException {
    long number = lastRequest + 1;
    lastRequest = number;
    requests.write(ByteBuffer.allocate(Long.BYTES).putLong(number).array(), message);
    requests.flush();
  }

  /**
   * Waits for the reply to the last request and returns its message; null once the worker, told to
   * stop, has said it is stopping.
   *
   * @throws ProtocolViolation if the reply is not the last request's
   * @throws java.net.SocketTimeoutException if the worker, told to stop, did not in time
   * @throws IOException if the connection ended: the JVM died or was killed
   */
  public ByteBuffer receive() throws IOException {
    byte[] frame = replies.read();
    if (frame == null) {
      if (!stopRequested) {
        throw new ProtocolViolation(
            "it said it was stopping while request " + lastRequest + " ran");
      }
      return null;
    }
    long number = frame.length < Long.BYTES ? -1 : ByteBuffer.wrap(frame).getLong();
    if (number != lastRequest) {
      throw new ProtocolViolation(
          "a reply to request " + number + " arrived for request " + lastRequest);
    }
    return ByteBuffer.wrap(frame, Long.BYTES, frame.length - Long.BYTES).slice();
  }

  /**
   * Tells the worker to stop: it answers, then exits. Its reply ({@link #receive} returns null)
   * must come within {@code grace} (longer if its start needs it); otherwise {@code receive} fails,
   * and the caller kills it.
   *
   * @throws IOException if the worker has gone already
   */
  public void requestStop(Duration grace) throws IOException {
    startedByTasks = jvm.descendants(); // they will have a new parent once the worker exits
    stopDeadline = System.nanoTime() + start.exitGrace(grace).toNanos();
    stopRequested = true;
    requests.writeEnd();
    socket.readDeadline(stopDeadline);
  }

  /**
   * Waits, until the stop's deadline, for the worker that said it is stopping to exit; kills it if
   * it has not. Then kills the processes its tasks started that were still running at the stop
   * request (best effort: those started later escape), so that none outlives the worker or holds
   * its output pipes.
   *
   * @return whether it exited by itself, with code 0
   */
  public boolean awaitStopped() {
    boolean exited = false;
    try {
      exited = jvm.awaitExit(Duration.ofNanos(Math.max(0, stopDeadline - System.nanoTime())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // not expected on the pool's threads; kill below
    }
    startedByTasks.forEach(ProcessHandle::destroyForcibly);
    kill();
    boolean cleanly = exited && exitCode() == 0;
    reportEnd(cleanly);
    return cleanly;
  }

  /** Kills the JVM and the processes it started, and closes the connection; any thread. */
  public void kill() {
    killed = true;
    WorkerSocket open = socket;
    if (open != null) {
      open.close();
    }
    jvm.close(); // its descendants too
  }

  /**
   * Kills what is left of a JVM that died, broke the protocol or did not connect, and throws away
   * what its start was for (an AOT recording is of no use unless the JVM stopped cleanly).
   */
  public void discard() {
    kill();
    reportEnd(false);
  }

  private void reportEnd(boolean cleanly) {
    if (!endReported) {
      endReported = true;
      start.ended(cleanly);
    }
  }

  /**
   * Says how the JVM ended, with the last {@code lines} lines of its standard error (one for a task
   * that killed it, more for a JVM that would not start). Waits for it if it has not yet.
   */
  public Ending ending(int lines) {
    if (killed) {
      return new Ending("was killed by the pool", false);
    }
    int code = exitCode();
    if (code == Integer.MIN_VALUE) {
      return new Ending("stopped answering and was killed", false);
    }
    boolean bySignal = code > 128 && code < 160;
    String signal = bySignal ? " (killed by signal " + (code - 128) + ")" : "";
    String last = jvm.lastStderrLines(lines);
    return new Ending(
        "exited with code " + code + signal + (last.isEmpty() ? "" : ": " + last), bySignal);
  }

  /**
   * Waits for the JVM (killing it if it takes too long) and its relayed output; returns its exit
   * code, or {@code Integer.MIN_VALUE} if it had to be killed.
   */
  private int exitCode() {
    try {
      return jvm.waitFor(RELAY_GRACE);
    } catch (ChildJvmException e) {
      return Integer.MIN_VALUE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      jvm.close();
      return Integer.MIN_VALUE;
    }
  }

  private void closeListening() {
    try {
      listening.close();
      Files.deleteIfExists(socketPath);
    } catch (IOException e) {
      // the pool deletes its socket folder when it terminates
    }
  }

  /** Describes the worker for messages: {@code worker-1 (pid 4242)}. */
  @Override
  public String toString() {
    return jvm.toString();
  }
}
