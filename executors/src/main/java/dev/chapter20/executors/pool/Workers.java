package dev.chapter20.executors.pool;

import dev.chapter20.common.LineSink;
import dev.chapter20.executors.pool.transport.JvmStartup;
import dev.chapter20.executors.pool.transport.WorkerLauncher;
import dev.chapter20.executors.pool.wire.Wire;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pool's workers as a whole: their slots and the threads that serve them, the launcher that
 * starts their JVMs (and owns their socket folder), the timer of their tasks' timeouts, and the
 * pool's end, when the last slot's thread has ended.
 *
 * <p><b>Threading:</b> thread-safe.
 */
final class Workers {

  private final WorkerLauncher launcher;
  private final List<WorkerSlot> slots;
  private final Deadlines deadlines;
  private final AtomicInteger live; // slots whose thread has not ended
  private final CountDownLatch terminated = new CountDownLatch(1);

  private Workers(WorkerLauncher launcher, List<WorkerSlot> slots, Deadlines deadlines) {
    this.launcher = launcher;
    this.slots = slots;
    this.deadlines = deadlines;
    this.live = new AtomicInteger(slots.size());
  }

  /**
   * Starts the worker JVMs {@code settings} asks for; {@link #serve} then starts a thread for each
   * in this JVM.
   *
   * @throws UncheckedIOException if a JVM or the socket folder cannot be made; then nothing that
   *     was started is left running, nor the folder
   */
  static Workers start(
      ProcessPoolBuilder settings,
      WorkerSlot.Owner owner,
      JobQueue<WorkerSlot.Ready> queue,
      Wire wire,
      List<String> options,
      LineSink output,
      JvmStartup startup) {
    WorkerLauncher launcher;
    try {
      launcher =
          new WorkerLauncher(settings.workerMain, options, output, startup, queue::worthSpinning);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot make the workers' socket folder: " + e.getMessage(), e);
    }
    Deadlines deadlines = new Deadlines();
    List<WorkerSlot> slots = List.of();
    try {
      slots =
          WorkerSlot.spawnAll(
              settings.workers,
              owner,
              queue,
              launcher,
              wire,
              settings.shutdownGrace,
              deadlines,
              settings.maxTasksPerWorker);
      return new Workers(launcher, slots, deadlines);
    } catch (IOException e) { // the slots have killed every worker they started
      launcher.close();
      throw new UncheckedIOException("cannot start a worker JVM: " + e.getMessage(), e);
    } catch (RuntimeException | Error e) {
      slots.forEach(WorkerSlot::kill);
      launcher.close();
      throw e;
    }
  }

  /**
   * Starts a thread for each worker, which connects it and serves it: after the pool holds this
   * object, since those threads report to it.
   */
  void serve() {
    try {
      for (WorkerSlot slot : slots) {
        Thread.ofPlatform().name(slot.name() + "-replies").start(slot);
      }
    } catch (RuntimeException | Error e) { // no thread to spare: nothing may be left running
      killAll();
      launcher.close();
      throw e;
    }
  }

  int count() {
    return slots.size();
  }

  /** Returns the PIDs of the worker JVMs now running (or starting). */
  List<Long> pids() {
    return slots.stream().map(WorkerSlot::pid).filter(pid -> pid > 0).toList();
  }

  Path socketFolder() {
    return launcher.folder();
  }

  /** Kills every worker JVM, and what was started on their behalf. */
  void killAll() {
    slots.forEach(WorkerSlot::kill);
    launcher.abort();
  }

  /**
   * Hears that a slot's thread has ended; returns true for the last one, after deleting the socket
   * folder and stopping the timer. Then {@link #terminated()} ends the waits.
   */
  boolean slotEnded() {
    if (live.decrementAndGet() > 0) {
      return false;
    }
    launcher.close();
    deadlines.close();
    return true;
  }

  /** Lets everyone waiting for the pool's end go. */
  void terminated() {
    terminated.countDown();
  }

  boolean isTerminated() {
    return terminated.getCount() == 0;
  }

  boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return terminated.await(timeout, unit);
  }

  @Override
  public String toString() {
    return "workers=" + slots.size() + (isTerminated() ? ", terminated" : ", live=" + live.get());
  }
}
