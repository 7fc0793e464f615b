package dev.chapter20.executors;

import dev.chapter20.common.process.ChildRuntime;
import dev.chapter20.common.process.FrameReader;
import dev.chapter20.common.process.FrameWriter;
import dev.chapter20.common.process.SpinWaitInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * The main of a worker JVM of a {@link ProcessPoolExecutor}: reads one task at a time from standard
 * input, runs it, and writes its {@link Reply} to standard output, until the pool's end marker.
 *
 * <p>The same request/reply loop as {@code UppercaseService} in the {@code multiprocessing} module,
 * with "run a task" for "upper-case a string". Standard output carries the replies, so {@code
 * System.out} is pointed at standard error before any task runs: what a task prints reaches the
 * pool, which passes it on line by line, instead of corrupting a reply.
 *
 * <p><b>Threading:</b> one thread reads, runs and replies; tasks run one after another.
 */
public final class PoolWorker {

  /** How long the worker polls for its next task before it blocks; see SpinWaitInputStream. */
  static final Duration SPIN = Duration.ofNanos(100_000);

  private PoolWorker() {}

  public static void main(String[] args) throws IOException {
    ChildRuntime.install();
    AllowList allowList = AllowList.fromSystemProperty();
    FrameReader tasks =
        new FrameReader(new SpinWaitInputStream(new FileInputStream(FileDescriptor.in), SPIN));
    FrameWriter replies = new FrameWriter(new FileOutputStream(FileDescriptor.out));
    System.setOut(System.err);

    for (byte[] task = tasks.read(); task != null; task = tasks.read()) {
      replies.write(encode(run(task, allowList), allowList));
      replies.flush();
    }
    replies.writeEnd();
  }

  /** Runs a serialized task and returns its result or its failure. */
  static Reply run(byte[] task, AllowList allowList) {
    try {
      Object decoded = Wire.fromBytes(task, allowList);
      if (decoded instanceof Callable<?> callable) {
        return new Reply(callable.call(), null);
      }
      ((Runnable) decoded).run(); // submit let only a Callable or a Runnable through
      return new Reply(null, null);
    } catch (Exception | LinkageError | StackOverflowError e) {
      return new Reply(null, e);
    }
  }

  /**
   * Serializes a reply; a result or exception that cannot travel is replaced by a {@link
   * RemoteTaskException} saying so, so the task still gets an answer.
   */
  static byte[] encode(Reply reply, AllowList allowList) throws IOException {
    try {
      return Wire.toBytes(reply, allowList);
    } catch (IOException e) {
      RemoteTaskException substitute =
          reply.failure() != null
              ? new RemoteTaskException(reply.failure())
              : new RemoteTaskException(
                  "the result, a "
                      + reply.value().getClass().getName()
                      + ", cannot travel back: "
                      + e.getMessage());
      return Wire.toBytes(new Reply(null, substitute), allowList);
    }
  }
}
