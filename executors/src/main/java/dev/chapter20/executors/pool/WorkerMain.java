package dev.chapter20.executors.pool;

import dev.chapter20.common.process.ChildRuntime;
import dev.chapter20.executors.pool.map.MapChunk;
import dev.chapter20.executors.pool.transport.PoolConnection;
import dev.chapter20.executors.pool.transport.PoolConnection.Request;
import dev.chapter20.executors.pool.wire.AllowList;
import dev.chapter20.executors.pool.wire.MessageLimits;
import dev.chapter20.executors.pool.wire.Reply;
import dev.chapter20.executors.pool.wire.Wire;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * The main of a worker JVM of a {@link ProcessPoolExecutor}: connects to the pool, then reads one
 * task at a time, runs it, and sends back its {@link Reply}, until the pool says stop.
 *
 * <p>The same request/reply loop as the {@code multiprocessing} module's {@code RequestReply}, with
 * "run a task" for "upper-case a string", but on a connection of its own ({@link PoolConnection}):
 * standard output and error stay free for whatever a task prints, from Java, native code or a child
 * process; the pool relays them line by line and they can never be mistaken for a reply.
 *
 * <p><b>Threading:</b> the main thread reads, runs and replies; tasks run one after another. Tasks
 * may start threads of their own; the worker exits when the pool says stop, whatever they do.
 */
public final class WorkerMain {

  /** The classes of the pool's own that travel, besides those the user allows. */
  static final Class<?>[] POOL_CLASSES = {MapChunk.class, RemoteTaskException.class};

  /** How long a worker that lost its pool looks for its parent's end before it gives up. */
  private static final Duration PARENT_GONE_WAIT = Duration.ofSeconds(1);

  private WorkerMain() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    ChildRuntime.installAsChild(
        "WorkerMain is a worker JVM of the process pool, which ProcessPoolExecutor starts; run an"
            + " example of it: ./mvnw -q -pl executors -am compile exec:exec -Dargs=process-pool");
    PoolConnection pool;
    try {
      pool = PoolConnection.open();
    } catch (IOException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
      return;
    }
    Wire wire =
        new Wire(
            AllowList.fromSystemProperty().with(POOL_CLASSES), MessageLimits.fromSystemProperty());
    MapChunk.Rebuilt.use(wire);
    try {
      for (Request request = pool.next(); request != null; request = pool.next()) {
        Reply reply = run(wire, request.message());
        Thread.interrupted(); // a task's interrupt would cut the blocking channel off
        pool.reply(request, encode(wire, reply));
      }
      pool.stopped();
    } catch (IOException e) { // the pool's JVM was killed, or the pool is killing this one
      ChildRuntime.exitIfParentGoneWithin(PARENT_GONE_WAIT); // clean up for it, as the watch would
      throw e;
    }
    System.out.flush();
    System.err.flush();
    System.exit(0); // threads a task started must not keep the worker alive
  }

  /** Rebuilds the task in {@code message} and runs it; returns its result or what it threw. */
  static Reply run(Wire wire, ByteBuffer message) {
    try {
      Object task = wire.decode(message);
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
