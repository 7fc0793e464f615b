package dev.chapter20.executors.pool;

import dev.chapter20.executors.pool.transport.WorkerLauncher;
import dev.chapter20.executors.pool.transport.WorkerProcess;
import dev.chapter20.executors.pool.transport.WorkerProcess.ProtocolViolation;
import dev.chapter20.executors.pool.transport.WorkerProcess.StartFailedException;
import dev.chapter20.executors.pool.wire.Wire;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One worker of a {@link ProcessPoolExecutor}, and the thread in this JVM that reads its replies:
 * it completes each job's future, sends the worker its next job, and starts a new JVM when the
 * worker dies. A job is sent by whichever thread took the worker: a caller's, when the worker was
 * idle, or this one, when the worker had just finished. So a worker has one job at a time.
 *
 * <p><b>Who is to blame.</b> A job whose bytes could not be written (the worker had already died)
 * goes back to the front of the queue, sent by the thread that tried, and runs on another worker,
 * unblamed. A job that was written is this slot's: it fails with a {@link WorkerDiedException} if
 * the worker ends before it replies, or breaks the protocol (a reply under another request's
 * number), never with another job's result.
 *
 * <p><b>Threading:</b> {@link #run} is the slot's own thread; it calls the pool only through {@link
 * Owner}. {@link #send} and {@link #stop} are called by the thread that took the worker; {@code
 * sending} is held while a request is written, so a death is judged after any write in progress.
 * {@link #kill} and {@link #pid} may be called from any thread. No lock is held while a future
 * completes.
 */
final class WorkerSlot implements Runnable, Job.Runner {

  /** How many starts in a row may be killed by a signal before the pool gives up. */
  private static final int MAX_KILLED_STARTS = 5;

  /**
   * An idle worker, as the queue holds it: this slot and the JVM it had then, so that a job taken
   * for a JVM that has since died is never written to its replacement.
   */
  record Ready(WorkerSlot slot, WorkerProcess worker) {}

  /** What a slot asks of its pool. */
  interface Owner {
    /** Sends {@code job} elsewhere: the worker it was given to had died before it could read it. */
    void sendAgain(Job<?> job);

    /** The pool cannot go on: a worker JVM cannot be started ({@code reason}). */
    void broke(String reason);

    /** {@code shutdownNow} was called: running tasks are cancelled. */
    boolean isStoppingNow();

    /** This slot's thread is about to end; its worker is gone. */
    void ended(WorkerSlot slot);
  }

  private final String name;
  private final Owner owner;
  private final JobQueue<Ready> queue;
  private final WorkerLauncher launcher;
  private final Wire wire;
  private final Duration grace;
  private final Deadlines deadlines;
  private final int maxTasks; // a worker is replaced after this many; 0: never
  private final ReentrantLock sending = new ReentrantLock();
  private Job<?> sent; // guarded by sending: the job written to the worker, until its reply
  private volatile WorkerProcess worker; // volatile: kill() and pid() read it from other threads

  /** A slot whose first worker JVM, {@code first}, has been spawned and is listening. */
  WorkerSlot(
      String name,
      WorkerProcess first,
      Owner owner,
      JobQueue<Ready> queue,
      WorkerLauncher launcher,
      Wire wire,
      Duration grace,
      Deadlines deadlines,
      int maxTasks) {
    this.name = name;
    this.worker = first;
    this.owner = owner;
    this.queue = queue;
    this.launcher = launcher;
    this.wire = wire;
    this.grace = grace;
    this.deadlines = deadlines;
    this.maxTasks = maxTasks;
  }

  /**
   * Makes {@code count} slots, named {@code worker-1} and on. Every worker's JVM is spawned first,
   * and listened for after: the JVMs take longest to start, and boot meanwhile. If one cannot be
   * started, those that were are killed.
   */
  static List<WorkerSlot> spawnAll(
      int count,
      Owner owner,
      JobQueue<Ready> queue,
      WorkerLauncher launcher,
      Wire wire,
      Duration grace,
      Deadlines deadlines,
      int maxTasks)
      throws IOException {
    List<WorkerProcess> started = new ArrayList<>();
    try {
      for (int i = 1; i <= count; i++) {
        started.add(launcher.spawn("worker-" + i));
      }
      for (WorkerProcess worker : started) {
        worker.listen();
      }
    } catch (IOException | RuntimeException | Error e) {
      started.forEach(WorkerProcess::discard);
      throw e;
    }
    List<WorkerSlot> slots = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      slots.add(
          new WorkerSlot(
              "worker-" + (i + 1),
              started.get(i),
              owner,
              queue,
              launcher,
              wire,
              grace,
              deadlines,
              maxTasks));
    }
    return slots;
  }

  String name() {
    return name;
  }

  /** Returns the PID of the worker JVM now running (or starting). */
  long pid() {
    WorkerProcess current = worker;
    return current == null ? -1 : current.pid();
  }

  /** Kills the worker JVM at once: its task, if it had one, is cancelled or failed. */
  void kill() {
    WorkerProcess current = worker;
    if (current != null) {
      current.kill();
    }
  }

  /**
   * Writes {@code job} to {@code to}, this slot's worker when the caller took it. If the worker had
   * died, the job is sent elsewhere.
   */
  void send(Job<?> job, WorkerProcess to) {
    boolean written = false;
    sending.lock();
    try {
      to.send(job.bytes);
      sent = job;
      written = true;
      job.runningOn = this;
      if (job.timeout != null) {
        deadlines.start(job);
      }
    } catch (IOException e) {
      // The worker had gone: it never saw the job. This slot's thread sees the death.
    } finally {
      sending.unlock();
    }
    if (!written) {
      owner.sendAgain(job);
    }
  }

  /** Tells {@code to}, this slot's idle worker, to stop; this slot's thread sees it go. */
  void stop(WorkerProcess to) {
    sending.lock();
    try {
      to.requestStop(grace);
    } catch (IOException e) {
      // Already gone: this slot's thread sees the connection end.
    } finally {
      sending.unlock();
    }
  }

  /**
   * Serves workers while the pool needs one: connect, serve, and start another JVM when one dies. A
   * JVM that ends by itself before it connects (a bad option, no memory) breaks the pool: the next
   * would do the same. One killed by a signal while starting is started again, a few times.
   */
  @Override
  public void run() {
    try {
      WorkerProcess current = worker;
      int killedStarts = 0;
      while (current != null) {
        try {
          current.connect(owner::isStoppingNow);
          killedStarts = 0;
          if (!serve(current)) {
            return; // stopped: the pool has no more jobs for it
          }
        } catch (StartFailedException e) {
          if (owner.isStoppingNow()) {
            return;
          }
          if (!e.killedBySignal() || ++killedStarts >= MAX_KILLED_STARTS) {
            owner.broke(e.getMessage());
            return;
          }
        }
        current = queue.needsWorkers() ? spawn() : null;
      }
    } catch (RuntimeException | Error e) { // a bug here must not leave a future waiting forever
      owner.broke(name + " failed: " + e);
    } finally {
      kill(); // nothing of this worker may stay behind
      owner.ended(this);
    }
  }

  /** Starts a new JVM in place of the one that ended; null if it could not (the pool broke). */
  private WorkerProcess spawn() {
    try {
      WorkerProcess started = launcher.spawn(name);
      worker = started;
      if (owner.isStoppingNow()) {
        started.kill(); // shutdownNow may have looked before worker was set
      }
      started.listen();
      return started;
    } catch (IOException | RuntimeException e) {
      owner.broke("cannot start a worker JVM to replace " + name + ": " + e.getMessage());
      return null;
    }
  }

  /**
   * Reads {@code current}'s replies and gives it its jobs, until it has stopped because the pool
   * has no more (returns false), or died or served its {@code maxTasks} (returns true: replace it).
   */
  private boolean serve(WorkerProcess current) {
    Ready ready = new Ready(this, current);
    giveNext(ready);
    int served = 0;
    boolean recycling = false;
    while (true) {
      ByteBuffer reply;
      try {
        reply = current.receive();
      } catch (IOException e) {
        died(ready, e);
        return true;
      }
      if (reply == null) { // the worker is stopping, as it was told
        current.awaitStopped();
        return recycling;
      }
      Job<?> done = takeSent();
      if (done == null) {
        died(ready, new ProtocolViolation("a reply arrived while no request was running"));
        return true;
      }
      if (++served == maxTasks) { // Python's max_tasks_per_child: between two tasks, never during
        recycling = true;
        stop(current);
      } else {
        giveNext(ready); // first, so that the worker computes while this thread decodes
      }
      complete(done, reply);
    }
  }

  /** Sends the worker its next job, tells it to stop, or leaves it idle on the queue's stack. */
  private void giveNext(Ready ready) {
    Job<?> next = queue.next(ready);
    if (next == JobQueue.STOP) {
      stop(ready.worker());
    } else if (next != null) {
      send(next, ready.worker());
    }
  }

  private Job<?> takeSent() {
    sending.lock(); // waits for a write in progress
    try {
      Job<?> job = sent;
      sent = null;
      if (job != null) {
        job.runningOn = null;
        if (job.timeout != null) {
          deadlines.finished(job);
        }
      }
      return job;
    } finally {
      sending.unlock();
    }
  }

  /**
   * Kills the worker if it is still running {@code job}, once {@code ending} has ended the job: how
   * {@code cancel(true)} and a timeout stop a running task. Under {@code sending}, so that the
   * job's reply cannot be taken meanwhile, nor another job written to the worker about to die.
   */
  @Override
  public void stop(Job<?> job, Runnable ending) {
    sending.lock();
    try {
      if (sent == job) {
        ending.run();
        worker.kill(); // this slot's thread then sees the connection end, and starts another
      }
    } finally {
      sending.unlock();
    }
  }

  /**
   * The worker's connection failed: it died, broke the protocol, or did not stop in time. Fails the
   * job it had been sent, or cancels it after {@code shutdownNow}.
   */
  private void died(Ready ready, IOException failure) {
    queue.leave(ready); // no caller can take it from now on
    WorkerProcess current = ready.worker();
    String how;
    if (failure instanceof ProtocolViolation) {
      how = "broke the pool's protocol (" + failure.getMessage() + ") and was stopped";
    } else if (failure instanceof SocketTimeoutException) {
      how = "did not stop within its grace period and was killed";
    } else {
      how = current.ending(1).text();
    }
    current.discard(); // killed first: a write still to come fails, and its job goes elsewhere
    Job<?> lost = takeSent();
    if (lost == null) {
      return;
    }
    if (owner.isStoppingNow()) {
      lost.cancel();
    } else {
      lost.fail(new WorkerDiedException(current + " " + how + " while running " + lost, failure));
    }
  }

  /** Rebuilds the reply and completes the job's future; whatever goes wrong, the future ends. */
  private void complete(Job<?> job, ByteBuffer reply) {
    try {
      job.complete(wire.decodeReply(reply));
    } catch (Throwable e) { // a filter refusal, a class that throws while being rebuilt, no memory
      job.fail(new RemoteTaskException("the reply to " + job + " could not be read: " + e, e));
    }
  }
}
