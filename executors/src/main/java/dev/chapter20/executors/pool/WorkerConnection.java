package dev.chapter20.executors.pool;

import dev.chapter20.common.LineSink;
import dev.chapter20.common.process.ChildJvm;
import dev.chapter20.common.process.ChildJvmException;
import dev.chapter20.common.process.FrameReader;
import dev.chapter20.common.process.FrameWriter;
import dev.chapter20.common.process.JvmLauncher;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pool's end of one worker: starts its JVM, accepts its connection, sends it tasks, and runs
 * the loop that reads its replies, completes their futures and asks the pool for the worker's next
 * task. When the worker's JVM ends unasked, it fails or re-queues the task the worker had, and
 * starts a new JVM in its place.
 *
 * <p><b>Who may write.</b> A worker is idle (on the pool's idle list) or owned by exactly one
 * thread: the thread that took it from the idle list sends it a task, and from then on the reply
 * loop owns it, until the pool has nothing left for it and it goes back on the idle list. So two
 * tasks are never sent to one worker. Each JVM started here is a new <em>generation</em>; the idle
 * list records the generation it holds, and {@link #send} refuses to write to any other, so a
 * thread that took a worker which has since died never writes to its replacement.
 *
 * <p><b>Who is to blame.</b> A task whose bytes could not be written (the worker was already gone)
 * is re-queued and runs on another worker. A task that was written is failed with a {@link
 * WorkerDiedException} if the worker ends before it replies. A reply with the wrong sequence number
 * is a protocol error: the worker is stopped and its task failed, never completed with another
 * task's result.
 *
 * <p><b>Threading:</b> {@code lock} guards the connection's state and is held while a task is
 * written, so a death is handled either before a send (which then re-queues its task) or after it
 * (which then knows whether the bytes went out). {@link #destroy} takes no lock: it must work while
 * a send waits.
 */
final class WorkerConnection implements Runnable {

  /** How long the reply loop polls for a reply before it sleeps, when a core is idle. */
  private static final Duration SPIN = Duration.ofNanos(50_000);

  /** How long a new worker JVM may take to connect; two cores starting eight JVMs take seconds. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(60);

  /** How long a worker that closed its connection gets to exit on its own before it is killed. */
  private static final Duration EXIT_GRACE = Duration.ofSeconds(5);

  /** The same for a worker recording the AOT cache: it writes megabytes as it exits. */
  private static final Duration RECORDING_EXIT_GRACE = Duration.ofSeconds(60);

  /** How many starts in a row may be killed before the pool gives up on this worker. */
  private static final int MAX_KILLED_STARTS = 5;

  /** Why a new JVM did not connect, and whether a signal killed it (worth another try). */
  private record StartFailure(String reason, boolean killed) {}

  private final String name;
  private final ProcessPoolExecutor pool;
  private final Class<?> mainClass;
  private final Wire wire;
  private final LineSink output;
  private final List<String> jvmOptions;
  private final Path socketPath;
  private final AotCache aot; // null: workers start without an AOT cache

  private final ReentrantLock lock = new ReentrantLock(); // guards the fields below
  private volatile ChildJvm jvm; // volatile: destroy() and workerPids() read it without the lock
  private volatile WorkerSocket socket;
  private ServerSocketChannel listening; // while a JVM starts
  private String token;
  private FrameWriter requests;
  private int generation;
  private boolean connected;
  private Job<?> current;
  private long currentSequence;
  private boolean currentDelivered;
  private long lastSequence;
  private AotCache.Start aotStart; // how this generation started, until its end is handled
  private volatile ChildJvm aotCreator; // the JVM making the AOT cache, while it runs

  private FrameReader replies; // the reply loop's own
  boolean retired; // guarded by the pool

  WorkerConnection(
      String name,
      ProcessPoolExecutor pool,
      Class<?> mainClass,
      Wire wire,
      LineSink output,
      List<String> jvmOptions,
      Path socketPath,
      AotCache aot) {
    this.name = name;
    this.pool = pool;
    this.mainClass = mainClass;
    this.wire = wire;
    this.output = output;
    this.jvmOptions = List.copyOf(jvmOptions);
    this.socketPath = socketPath;
    this.aot = aot;
  }

  String name() {
    return name;
  }

  /** Returns the PID of the worker JVM now running, or -1 before the first one starts. */
  long pid() {
    ChildJvm child = jvm;
    return child == null ? -1 : child.pid();
  }

  /** Returns the generation of the JVM now running: what an idle-list entry records. */
  int generation() {
    lock.lock();
    try {
      return generation;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Starts a new worker JVM (a new generation); {@link #listen} then opens its socket. The pool's
   * constructor starts every worker's JVM before it listens for any, so that the JVMs boot while
   * the sockets are set up: the worker tries to connect until the socket is there.
   */
  void spawn() throws IOException {
    lock.lock();
    try {
      Files.deleteIfExists(socketPath);
      // The folder keeps other users out; the token makes sure that the JVM that connects is
      // the one started for this worker. Not a secret worth SecureRandom's start-up (~100 ms).
      token = Long.toHexString(ThreadLocalRandom.current().nextLong());
      List<String> options = new ArrayList<>(jvmOptions);
      options.add("-D" + WorkerMain.SOCKET_PROPERTY + "=" + socketPath);
      options.add("-D" + WorkerMain.TOKEN_PROPERTY + "=" + token);
      abandonRecording(); // a previous generation's, if it never got to finish
      aotStart = aot == null ? null : aot.nextStart();
      LineSink sink = output;
      if (aotStart != null) {
        options.addAll(aotStart.options());
        sink = aot.sinkFor(aotStart, output); // what the JVM says about the cache is the pool's
      }
      try {
        jvm =
            JvmLauncher.forMain(mainClass)
                .name(name)
                .longRunning()
                .jvmOptions(options.toArray(String[]::new))
                .relayStderr(sink)
                .start();
      } catch (IOException | RuntimeException e) {
        abandonRecording();
        throw e;
      }
      generation++;
      connected = false;
      jvm.relayStdout(sink);
      jvm.stdin().close(); // a task that reads System.in sees its end, instead of waiting forever
    } finally {
      lock.unlock();
    }
  }

  /** Opens the socket the JVM just spawned connects to. */
  void listen() throws IOException {
    lock.lock();
    try {
      ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      try {
        server.bind(UnixDomainSocketAddress.of(socketPath));
        server.configureBlocking(false);
      } catch (IOException | RuntimeException e) {
        server.close();
        throw e;
      }
      listening = server;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs the worker's life: connect, serve, and replace the JVM while the pool needs it. A JVM that
   * ends by itself before it connects (a bad option, no memory) breaks the pool: the next would do
   * the same. One killed by a signal while starting is started again, a few times.
   */
  @Override
  public void run() {
    try {
      int killedStarts = 0;
      while (true) {
        StartFailure failure = connect();
        if (failure == null) {
          killedStarts = 0;
          serve();
        } else if (pool.isStoppingNow()) {
          return;
        } else if (!failure.killed() || ++killedStarts >= MAX_KILLED_STARTS) {
          pool.broke(failure.reason());
          return;
        }
        if (!pool.keepWorker(this) || !relaunch()) {
          return;
        }
      }
    } catch (RuntimeException | Error e) { // a bug here must not leave a future waiting forever
      output.println("error: " + name + " failed: " + e);
      pool.broke(name + " failed: " + e);
    } finally {
      release();
      pool.retire(this);
    }
  }

  /**
   * Sends {@code job} to the worker if it is still the generation {@code owned} that the caller
   * took; otherwise hands the job back to the pool, which gives it to another worker.
   */
  void send(Job<?> job, int owned) {
    boolean interrupted = Thread.interrupted(); // an interrupt would only end waits early
    boolean elsewhere = false;
    lock.lock();
    try {
      if (!connected || owned != generation) {
        elsewhere = true;
      } else {
        current = job;
        currentSequence = ++lastSequence;
        currentDelivered = true;
        try {
          requests.write(Wire.header(currentSequence), job.bytes);
          requests.flush();
        } catch (IOException e) {
          currentDelivered = false; // the worker had gone: it never saw the task
        }
      }
    } finally {
      lock.unlock();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    if (elsewhere) {
      pool.dispatch(job, true);
    }
  }

  /** Tells the worker to exit, if it is still the generation {@code owned} the caller took. */
  void sendStop(int owned) {
    lock.lock();
    try {
      if (connected && owned == generation) {
        requests.writeEnd();
      }
    } catch (IOException e) {
      // Already gone: the reply loop sees the connection end.
    } finally {
      lock.unlock();
    }
  }

  /** Kills the worker JVM and closes the connection at once; the reply loop then ends. */
  void destroy() {
    WorkerSocket open = socket;
    if (open != null) {
      open.close();
    }
    ChildJvm child = jvm;
    if (child != null) {
      child.close();
    }
    ChildJvm creator = aotCreator;
    if (creator != null) {
      creator.close();
    }
  }

  /** Waits for the new JVM to connect and say its token; returns null, or why it failed. */
  private StartFailure connect() {
    ChildJvm child;
    ServerSocketChannel server;
    lock.lock();
    try {
      child = jvm;
      server = listening;
    } finally {
      lock.unlock();
    }
    long deadline = System.nanoTime() + CONNECT_TIMEOUT.toNanos();
    try (Selector selector = Selector.open()) {
      server.register(selector, SelectionKey.OP_ACCEPT);
      SocketChannel accepted = server.accept();
      while (accepted == null) {
        if (pool.isStoppingNow()) {
          child.close();
          return new StartFailure("the pool is stopping", false);
        }
        if (!child.isAlive()) {
          Ending how = howItEnded(child, 3);
          return new StartFailure(
              child + " ended before it connected to the pool: " + how.text(), how.killed());
        }
        if (System.nanoTime() > deadline) {
          child.close();
          return new StartFailure(
              child + " did not connect within " + CONNECT_TIMEOUT.toSeconds() + " s", false);
        }
        selector.select(100); // also a poll of the JVM: it may die without connecting
        selector.selectedKeys().clear();
        accepted = server.accept();
      }
      WorkerSocket connection = new WorkerSocket(accepted);
      FrameReader reader = new FrameReader(connection.input(SPIN, pool::hasIdleCore));
      if (!token.equals(reader.readText())) {
        connection.close();
        child.close();
        return new StartFailure(child + " connected but did not give its token", false);
      }
      lock.lock();
      try {
        socket = connection;
        requests = new FrameWriter(connection.output());
        replies = reader;
        connected = true;
      } finally {
        lock.unlock();
      }
      return null;
    } catch (IOException e) { // above all: the JVM died between connecting and its hello
      boolean killed = howItEnded(child, 1).killed();
      child.close();
      return new StartFailure("cannot connect to " + child + ": " + e.getMessage(), killed);
    } finally {
      closeListening(server);
    }
  }

  /** The reply loop of one generation: returns when the worker has stopped or died. */
  private void serve() {
    int owned = generation();
    dispatch(pool.nextJob(this, owned), owned);
    while (true) {
      byte[] frame;
      try {
        frame = replies.read();
      } catch (IOException e) {
        ended(null, e);
        return;
      }
      if (frame == null) { // the worker's answer to sendStop
        stopped();
        return;
      }
      Job<?> done = null;
      String violation = null;
      lock.lock();
      try {
        long sequence = frame.length < Wire.HEADER_BYTES ? -1 : Wire.sequence(frame);
        if (current == null || sequence != currentSequence) {
          violation =
              current == null
                  ? "a reply to request " + sequence + " arrived while no request was running"
                  : "a reply to request " + sequence + " arrived for request " + currentSequence;
        } else {
          done = current;
          current = null;
        }
      } finally {
        lock.unlock();
      }
      if (violation != null) {
        ended(violation, null);
        return;
      }
      dispatch(pool.nextJob(this, owned), owned); // first, so the worker computes while we decode
      complete(done, frame);
    }
  }

  private void dispatch(Job<?> next, int owned) {
    if (next == Job.STOP) {
      sendStop(owned);
    } else if (next != null) {
      send(next, owned);
    }
  }

  /** Rebuilds the reply and completes the job's future; whatever goes wrong, the future ends. */
  private void complete(Job<?> job, byte[] frame) {
    try {
      Reply reply = wire.decodeReply(frame, Wire.HEADER_BYTES, frame.length - Wire.HEADER_BYTES);
      job.complete(reply);
    } catch (Throwable e) { // a filter refusal, a class that throws while being rebuilt, no memory
      job.future.completeExceptionally(
          new RemoteTaskException("the reply to " + job + " could not be read: " + e, e));
    }
  }

  /**
   * The worker answered the stop request: wait for it to exit. A worker that recorded the AOT cache
   * exits more slowly, and then the cache is made from its recording.
   */
  private void stopped() {
    ChildJvm child = jvm;
    AotCache.Start start = takeAotStart();
    boolean recording = start != null && start.records();
    int code = -1;
    try {
      code = child.waitFor(recording ? RECORDING_EXIT_GRACE : EXIT_GRACE); // or it is destroyed
    } catch (ChildJvmException e) {
      output.println("error: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    disconnect();
    if (!recording) {
      return;
    }
    if (code != 0 || pool.isStoppingNow()) {
      aot.abandon(start);
      return;
    }
    String failure =
        aot.finish(
            start,
            creator -> {
              aotCreator = creator;
              if (pool.isStoppingNow()) { // shutdownNow came before aotCreator was set
                creator.close();
              }
            });
    aotCreator = null;
    if (failure != null) {
      output.println("note: " + failure + "; workers start without an AOT cache");
    }
  }

  private AotCache.Start takeAotStart() {
    lock.lock();
    try {
      AotCache.Start start = aotStart;
      aotStart = null;
      return start;
    } finally {
      lock.unlock();
    }
  }

  /** Throws away the recording of a generation that ended any other way than by being stopped. */
  private void abandonRecording() {
    AotCache.Start start = takeAotStart();
    if (start != null && start.records()) {
      aot.abandon(start);
    }
  }

  /**
   * The worker's connection ended unasked (it died) or the worker broke the protocol ({@code
   * violation}): stop it, and fail, cancel or re-queue the task it had.
   */
  private void ended(String violation, IOException readFailure) {
    Job<?> lost;
    boolean delivered;
    lock.lock(); // waits for a send in progress, so its outcome is known
    try {
      connected = false;
      lost = current;
      delivered = currentDelivered;
      current = null;
    } finally {
      lock.unlock();
    }
    pool.forgetIdle(this);
    abandonRecording();
    ChildJvm child = jvm;
    String how;
    if (violation != null) {
      child.close();
      how = "broke the pool's protocol (" + violation + ") and was stopped";
    } else {
      how = howItEnded(child, 1).text();
    }
    disconnect();
    if (lost == null) {
      return;
    }
    if (!delivered) {
      pool.dispatch(lost, true);
    } else if (pool.isStoppingNow()) {
      lost.future.cancel(false);
    } else {
      lost.future.completeExceptionally(
          new WorkerDiedException(
              name + " (pid " + child.pid() + ") " + how + " while running " + lost, readFailure));
    }
  }

  /** How a JVM ended, in words, and whether a signal killed it (a start worth trying again). */
  private record Ending(String text, boolean killed) {}

  /**
   * Waits briefly for an ended JVM and says how it ended: exit code and the last {@code lines}
   * lines of standard error (one for a task that killed it, more for a JVM that would not start).
   */
  private static Ending howItEnded(ChildJvm child, int lines) {
    int code;
    try {
      code = child.waitFor(EXIT_GRACE);
    } catch (ChildJvmException e) {
      return new Ending("stopped answering and was destroyed", false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      child.close();
      return new Ending("was destroyed", false);
    }
    boolean killed = code > 128 && code < 160;
    String signal = killed ? " (killed by signal " + (code - 128) + ")" : "";
    String last = child.lastStderrLines(lines);
    return new Ending(
        "exited with code " + code + signal + (last.isEmpty() ? "" : ": " + last), killed);
  }

  /** Starts a new JVM in place of the one that ended; false if it could not (the pool broke). */
  private boolean relaunch() {
    try {
      spawn();
      listen();
      return true;
    } catch (IOException | RuntimeException e) {
      pool.broke("cannot start a worker JVM to replace " + name + ": " + e.getMessage());
      return false;
    }
  }

  /** Closes this generation's connection. */
  private void disconnect() {
    lock.lock();
    try {
      connected = false;
      WorkerSocket open = socket;
      socket = null;
      if (open != null) {
        open.close();
      }
    } finally {
      lock.unlock();
    }
  }

  /** The end of the reply loop, however it came: nothing of this worker may stay behind. */
  private void release() {
    Job<?> left;
    ServerSocketChannel server;
    lock.lock();
    try {
      left = current;
      current = null;
      server = listening;
    } finally {
      lock.unlock();
    }
    destroy();
    disconnect();
    closeListening(server);
    abandonRecording();
    if (left != null) { // only after a bug: the loop otherwise ends with no task in hand
      left.future.completeExceptionally(
          new WorkerDiedException(name + " stopped while running " + left, null));
    }
  }

  private void closeListening(ServerSocketChannel server) {
    if (server == null) {
      return;
    }
    try {
      server.close();
      Files.deleteIfExists(socketPath);
    } catch (IOException e) {
      // the pool deletes its socket folder when it terminates
    }
    lock.lock();
    try {
      if (listening == server) {
        listening = null;
      }
    } finally {
      lock.unlock();
    }
  }
}
