package dev.chapter20.executors;

import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@link Future#cancel(boolean)} withdraws a task (section 20.3.1): one still queued never runs,
 * and one already running is interrupted when asked to be, so that it can stop early.
 *
 * <p>Python's {@code future.cancel()} works only on a task that has not started, and returns {@code
 * False} for a running one. Java's {@code cancel(true)} also calls {@code interrupt()} on the
 * thread running the task. An interrupt is a request, not a kill: blocking calls such as {@code
 * sleep}, {@code wait} and {@code take} answer it by throwing {@link InterruptedException}, and a
 * computing loop must check {@link Thread#isInterrupted()} itself. A task that swallows the
 * exception or never checks keeps running. {@code cancel(false)} on a running task returns {@code
 * true} too, but only marks the future: the task runs to its end and its result is thrown away.
 * Either way, {@link Future#get()} on a cancelled future throws {@link CancellationException}.
 *
 * <p><b>Threading:</b> a pool of one thread runs the long job; the second task waits in its queue.
 * The caller cancels both; the interrupt reaches the job's thread. {@code close()} waits until the
 * job has stopped, so the last line comes after the job's own.
 *
 * @see Future#cancel(boolean)
 */
public final class CancelTasks {

  private CancelTasks() {}

  /** Cancels a queued task and interrupts a running one, printing to {@code out}. */
  public static void run(LineSink out) throws InterruptedException, ExecutionException {
    CountDownLatch jobStarted = new CountDownLatch(1);
    try (ExecutorService pool =
        Executors.newSingleThreadExecutor(Thread.ofPlatform().name("pool-", 1).factory())) {
      Future<?> running = pool.submit(() -> longJob(jobStarted, out));
      Future<?> queued = pool.submit(() -> out.println("the queued task ran"));
      jobStarted.await(); // cancel only once the job is surely running, or it would not start

      out.println("cancel(false) on the queued task: " + queued.cancel(false));
      out.println("cancel(true) on the running job: " + running.cancel(true));
      out.println("isCancelled: queued " + queued.isCancelled() + ", job " + running.isCancelled());
      try {
        running.get();
      } catch (CancellationException e) {
        out.println("get() on the job threw CancellationException");
      }
    } // waits for the interrupted job to return
    out.println("the pool is closed; the queued task never ran");
  }

  /** A job that would take a minute; it stops early when its thread is interrupted. */
  static void longJob(CountDownLatch started, LineSink out) {
    out.println("job: started, needs a minute");
    started.countDown();
    try {
      Thread.sleep(Duration.ofMinutes(1)); // a blocking call: an interrupt ends it at once
      out.println("job: finished");
    } catch (InterruptedException e) {
      out.println("job: interrupted, stopping early");
      Thread.currentThread().interrupt(); // keep the request visible to the code that called us
    }
  }

  public static void main(String[] args) throws InterruptedException, ExecutionException {
    run(new Timeline(System.out));
  }
}
