package dev.chapter20.executors;

import dev.chapter20.common.LineSink;
import dev.chapter20.common.process.ChildJvm;
import dev.chapter20.common.process.ChildJvmException;
import dev.chapter20.common.process.FrameReader;
import dev.chapter20.common.process.FrameWriter;
import dev.chapter20.common.process.JvmLauncher;
import dev.chapter20.common.process.SpinWaitInputStream;
import java.io.IOException;
import java.time.Duration;

/**
 * The pool's end of one worker JVM: starts it, sends it a job, and runs the loop that reads its
 * replies, completes their futures and asks the pool for the worker's next job.
 *
 * <p>A worker is idle or owned by exactly one thread at a time: the thread that took it from the
 * pool's idle list sends it a job, and from then on the reply loop owns it, until the pool's queue
 * is empty and it goes back on the idle list. So two jobs are never written to one worker. If the
 * worker dies, the reply loop fails the job it was running with a {@link WorkerDiedException} and
 * starts a new JVM in its place.
 *
 * <p><b>Threading:</b> {@link #send} and the death of the worker are handled under this object's
 * lock, which guards {@code current} and the JVM's pipes.
 */
final class WorkerProcess implements Runnable {

  /**
   * How long the reply loop polls for a reply before it sleeps, when a core is idle; see
   * SpinWaitInputStream.
   */
  private static final Duration SPIN = Duration.ofNanos(50_000);

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final String name;
  private final ProcessPoolExecutor pool;
  private final AllowList allowList;
  private final LineSink output;
  private ChildJvm jvm; // guarded by this
  private FrameWriter requests; // guarded by this
  private FrameReader replies; // read by the reply loop only
  private Job<?> current; // guarded by this

  WorkerProcess(String name, ProcessPoolExecutor pool, AllowList allowList, LineSink output)
      throws IOException {
    this.name = name;
    this.pool = pool;
    this.allowList = allowList;
    this.output = output;
    startJvm();
  }

  private synchronized void startJvm() throws IOException {
    jvm =
        JvmLauncher.forMain(PoolWorker.class)
            .name(name)
            .longRunning()
            .jvmOptions(allowList.asJvmOption())
            .relayStderr(output)
            .start();
    requests = new FrameWriter(jvm.stdin());
    replies = new FrameReader(new SpinWaitInputStream(jvm.stdout(), SPIN, pool::hasIdleCore));
  }

  /** Returns the PID of the worker JVM now running. */
  synchronized long pid() {
    return jvm.pid();
  }

  /** Sends {@code job} to the worker; the caller must own the worker. */
  synchronized void send(Job<?> job) {
    current = job;
    try {
      requests.write(job.bytes);
      requests.flush();
    } catch (IOException e) {
      // The worker is dead; the reply loop sees its stdout end and fails the job.
    }
  }

  /** Tells the worker to exit once it has answered; the caller must own the worker. */
  synchronized void sendStop() {
    try {
      requests.writeEnd();
    } catch (IOException e) {
      // Already dead: the reply loop sees its stdout end.
    }
  }

  /** Destroys the worker JVM at once. */
  synchronized void destroy() {
    jvm.close();
  }

  /** The reply loop, run by the worker's own thread until the worker stops. */
  @Override
  public void run() {
    try {
      while (true) {
        byte[] reply;
        try {
          reply = replies.read();
        } catch (IOException e) {
          if (!replaceDeadWorker()) {
            return;
          }
          continue;
        }
        if (reply == null) { // the worker's answer to sendStop: it is done
          jvm.waitForSuccess(STOP_TIMEOUT);
          return;
        }
        Job<?> done = takeCurrent();
        sendNext(); // first, so the worker computes while we complete, and if it goes idle,
        complete(done, reply); // it is on the idle list before the waiting caller wakes up
      }
    } catch (ChildJvmException e) {
      output.println("error: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      destroy();
      pool.workerStopped();
    }
  }

  private synchronized Job<?> takeCurrent() {
    Job<?> job = current;
    current = null;
    return job;
  }

  private void complete(Job<?> job, byte[] reply) {
    try {
      job.complete((Reply) Wire.fromBytes(reply, allowList));
    } catch (IOException | ClassNotFoundException e) { // it arrived, but cannot be read
      job.future.completeExceptionally(e);
    }
  }

  /** Sends the next queued job, or the stop request, or leaves the worker idle. */
  private void sendNext() {
    Job<?> next = pool.nextJob(this);
    if (next == Job.STOP) {
      sendStop();
    } else if (next != null) {
      send(next);
    }
  }

  /**
   * Fails the job the dead worker was running and starts a new worker. Returns false when the pool
   * is stopping now, so there is nothing to replace.
   */
  private boolean replaceDeadWorker() throws InterruptedException {
    Job<?> lost;
    synchronized (this) {
      lost = current;
      current = null;
      if (pool.isStoppingNow()) {
        if (lost != null) {
          lost.future.cancel(true);
        }
        return false;
      }
      WorkerDiedException died = died(lost);
      try {
        startJvm();
      } catch (IOException e) {
        if (lost != null) {
          lost.future.completeExceptionally(died);
        }
        output.println("error: cannot replace " + name + ": " + e.getMessage());
        return false;
      }
      if (lost == null) {
        return true; // it died idle, and stays on the idle list with its new JVM
      }
      lost.future.completeExceptionally(died);
    }
    sendNext(); // it died owned by this loop, which keeps it
    return true;
  }

  private WorkerDiedException died(Job<?> lost) throws InterruptedException {
    ChildJvm dead = jvm;
    String running = lost == null ? "while idle" : "while running " + lost;
    try {
      dead.waitForSuccess(STOP_TIMEOUT);
      return new WorkerDiedException(
          "worker " + dead + " stopped answering " + running + " and exited normally", null);
    } catch (ChildJvmException e) {
      return new WorkerDiedException("worker " + dead + " died " + running + ": " + e, e);
    } finally {
      dead.close();
    }
  }
}
