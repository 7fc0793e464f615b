package dev.chapter20.executors.pool;

import dev.chapter20.common.LineSink;
import dev.chapter20.executors.pool.aot.AotCache;
import dev.chapter20.executors.pool.map.ChunkedMap;
import dev.chapter20.executors.pool.map.MapResults;
import dev.chapter20.executors.pool.map.SerializableFunction;
import dev.chapter20.executors.pool.transport.JvmStartup;
import dev.chapter20.executors.pool.wire.AllowList;
import dev.chapter20.executors.pool.wire.Wire;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An {@link ExecutorService} that runs tasks in a fixed number of worker JVMs: Python's {@code
 * concurrent.futures.ProcessPoolExecutor}, which the JDK does not have.
 *
 * <pre>{@code
 * try (ProcessPoolExecutor pool =
 *     ProcessPoolExecutor.builder().workers(2).allowPackages("com.example.tasks").build()) {
 *   Future<Long> primes = pool.submit(new CountPrimes(new Range(2, 1_000_000)));
 *   List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3));
 * }
 * }</pre>
 *
 * <p>How it works, in layers: the package's documentation.
 *
 * <p><b>What travels.</b> Tasks, results and exceptions, with Java serialization: a record that
 * implements {@link Callable} (or {@link Runnable}) and {@link java.io.Serializable}, or a
 * serializable lambda, of a package you allow ({@link ProcessPoolBuilder#allowPackages}). A task
 * that cannot travel is refused by {@code submit} with a {@link RejectedExecutionException} that
 * says why.
 *
 * <p><b>Failure.</b> Every future completes, whatever its task does: with its exception; with a
 * {@link WorkerDiedException} if its worker died (a new one takes its place); cancelled; or
 * refused, if a worker JVM cannot start. A running task is stopped by {@code cancel(true)} or its
 * timeout: its worker is killed and replaced, which Python's pools cannot do.
 *
 * <p><b>Threading:</b> thread-safe. A future's {@code get()} is woken by the thread that read the
 * reply (completing it happens-before {@code get} returns), but its dependent actions ({@code
 * thenApply} ...) run on the callback executor, never on a thread of the pool ({@link TaskFuture}):
 * a callback may block, submit and wait, or close the pool. No lock is held while a future
 * completes.
 */
public final class ProcessPoolExecutor implements ExecutorService, WorkerSlot.Owner {

  private final Wire wire;
  private final JobQueue<WorkerSlot.Ready> queue;
  private final Callbacks callbacks;
  private final Workers workers;
  private final Duration taskTimeout; // null: none unless a task has its own
  private final Path aotCacheFile; // null: the workers start without one
  private volatile boolean stoppingNow;

  /** Starts a pool with one worker JVM per core that allows the JDK's value types only. */
  public ProcessPoolExecutor() {
    this(builder());
  }

  /** Starts a pool with {@code workers} worker JVMs: Python's {@code max_workers}. */
  public ProcessPoolExecutor(int workers) {
    this(builder().workers(workers));
  }

  /** Returns a builder for a pool with more settings. */
  public static ProcessPoolBuilder builder() {
    return new ProcessPoolBuilder();
  }

  ProcessPoolExecutor(ProcessPoolBuilder settings) {
    AllowList allowList = new AllowList(settings.packages).with(WorkerMain.POOL_CLASSES);
    wire = new Wire(allowList, settings.limits);
    queue = new JobQueue<>(settings.workers);
    LineSink output = new RelayedOutput(settings.output, this);
    List<String> options = settings.workerOptions(allowList);
    AotCache aot = settings.aotCache(options); // on this thread: not a relay thread
    aotCacheFile = aot == null ? null : aot.file();
    callbacks = new Callbacks(settings.callbacks);
    taskTimeout = settings.taskTimeout;
    JvmStartup startup =
        settings.startup != null ? settings.startup : aot != null ? aot : JvmStartup.PLAIN;
    try {
      workers = Workers.start(settings, this, queue, wire, options, output, startup);
      workers.serve();
    } catch (RuntimeException | Error e) { // nothing of the workers is left: the callbacks go too
      callbacks.close();
      throw e;
    }
  }

  /** Returns the AOT cache file the workers use or record, if this pool has one. */
  Optional<Path> aotCacheFile() {
    return Optional.ofNullable(aotCacheFile);
  }

  /** Returns the folder of the workers' sockets, for tests of what is left behind. */
  Path socketFolder() {
    return workers.socketFolder();
  }

  /** Returns the PIDs of the worker JVMs now running (or starting). */
  public List<Long> workerPids() {
    return workers.pids();
  }

  /**
   * Sends {@code task} to the next free worker.
   *
   * @throws RejectedExecutionException if the task cannot travel to a worker (the message says
   *     which class or limit, and why), or the pool is shut down
   */
  @Override
  public <T> CompletableFuture<T> submit(Callable<T> task) {
    return send(newJob(task, null, taskTimeout));
  }

  /**
   * Like {@link #submit(Callable)}, with a deadline: if the task runs longer than {@code timeout}
   * (counted from when a worker starts it, not while it waits in the queue), its worker is killed
   * and replaced, and the future fails with a {@link java.util.concurrent.TimeoutException}. The
   * other tasks run on. ({@code future.get(timeout)} only stops waiting; the task runs on.)
   */
  public <T> CompletableFuture<T> submit(Callable<T> task, Duration timeout) {
    return send(newJob(task, null, positive(timeout)));
  }

  /** Like {@link #submit(Callable)}; the future completes with {@code null}. */
  @Override
  public CompletableFuture<?> submit(Runnable task) {
    return send(newJob(task, null, taskTimeout));
  }

  /** Like {@link #submit(Callable)}; the future completes with {@code result}. */
  @Override
  public <T> CompletableFuture<T> submit(Runnable task, T result) {
    return send(newJob(task, result, taskTimeout));
  }

  /**
   * Runs {@code task} in a worker; nobody waits for it. If it fails, the failure goes to the
   * uncaught-exception handler of a callback thread, as a JDK pool reports a failed {@code execute}
   * on its worker thread: by default it is printed on standard error.
   */
  @Override
  public void execute(Runnable task) {
    submit(task).whenComplete(Callbacks::reportFailure);
  }

  /**
   * Applies {@code function} to each item in the workers; returns the results in the items' order:
   * Python's {@code executor.map}, in chunks of about four per worker ({@link ChunkedMap}).
   *
   * @throws ExecutionException for the first item, in the items' order, whose call failed
   */
  public <T, R> List<R> map(SerializableFunction<T, R> function, List<T> items)
      throws InterruptedException, ExecutionException {
    return map(function, items, ChunkedMap.defaultChunkSize(items.size(), workers.count()));
  }

  /** Like {@link #map(SerializableFunction, List)}, {@code chunkSize} items per task. */
  public <T, R> List<R> map(SerializableFunction<T, R> function, List<T> items, int chunkSize)
      throws InterruptedException, ExecutionException {
    Objects.requireNonNull(function, "function");
    byte[] serialized = encodeOrReject(function, "the function " + Job.describe(function));
    return ChunkedMap.map(function, serialized, items, chunkSize, this::submit);
  }

  /**
   * Applies {@code function} to the items, {@code chunkSize} per task; returns the results, in the
   * items' order, as they come: Python's {@code Pool.imap}. Items are read as room frees up (four
   * chunks per worker at most), so they may be endless. See {@link MapResults}.
   */
  public <T, R> MapResults<T, R> imap(
      SerializableFunction<T, R> function, Iterator<T> items, int chunkSize) {
    return mapResults(function, items, chunkSize, true);
  }

  /**
   * Like {@link #imap}, the results in the order their chunks end: Python's {@code imap_unordered}.
   */
  public <T, R> MapResults<T, R> imapUnordered(
      SerializableFunction<T, R> function, Iterator<T> items, int chunkSize) {
    return mapResults(function, items, chunkSize, false);
  }

  private <T, R> MapResults<T, R> mapResults(
      SerializableFunction<T, R> function, Iterator<T> items, int chunkSize, boolean ordered) {
    Objects.requireNonNull(items, "items");
    byte[] serialized = encodeOrReject(function, "the function " + Job.describe(function));
    return new MapResults<>(
        function, serialized, items, chunkSize, 4 * workers.count(), ordered, this::submit);
  }

  /** Runs every task and waits for all of them; a task that fails fails only its own future. */
  @Override
  public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks)
      throws InterruptedException {
    return Invocations.invokeAll(this::submit, tasks, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
  }

  /** Like {@link #invokeAll(Collection)}; the tasks not done by the deadline are cancelled. */
  @Override
  public <T> List<Future<T>> invokeAll(
      Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException {
    return Invocations.invokeAll(this::submit, tasks, timeout, unit);
  }

  /** Returns the result of the first task to succeed, and cancels the others. */
  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks)
      throws InterruptedException, ExecutionException {
    return Invocations.invokeAny(this::submit, tasks);
  }

  /** Like {@link #invokeAny(Collection)}, giving up with a {@link TimeoutException} at the end. */
  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    return Invocations.invokeAny(this::submit, tasks, timeout, unit);
  }

  /**
   * Stops accepting tasks; queued tasks still run, then each worker is told to stop, and killed if
   * it has not exited within the grace period ({@link ProcessPoolBuilder#shutdownGrace}). Does not
   * wait.
   */
  @Override
  public void shutdown() {
    for (WorkerSlot.Ready idle : queue.shutdown()) {
      idle.slot().stop(idle.worker());
    }
  }

  /**
   * Stops at once: kills the workers (and the processes their tasks started), cancels the running
   * tasks, and returns the queued ones, which never ran. Each is a {@code Runnable} that runs its
   * task in the caller's thread and completes its future; a future whose task is neither run nor
   * cancelled stays incomplete, as with a JDK pool.
   */
  @Override
  public List<Runnable> shutdownNow() {
    stoppingNow = true;
    List<Runnable> unstarted = new ArrayList<>(queue.stop("the pool is shut down").jobs());
    workers.killAll();
    return unstarted;
  }

  /**
   * Shuts down and waits until every worker has stopped; if interrupted while waiting, stops at
   * once ({@link #shutdownNow()}) and cancels the tasks that never ran.
   *
   * @throws IllegalStateException if called from a thread that relays the workers' output (from the
   *     {@link ProcessPoolBuilder#output} sink), which the pool would wait for
   */
  @Override
  public void close() {
    if (RelayedOutput.isRelaying(this)) {
      throw new IllegalStateException(
          "close() from the pool's output sink would wait for its own thread; call shutdown()");
    }
    boolean interrupted = false;
    shutdown();
    while (!isTerminated()) {
      try {
        awaitTermination(1, TimeUnit.DAYS);
      } catch (InterruptedException e) {
        if (!interrupted) {
          shutdownNow().forEach(task -> ((Job<?>) task).cancel());
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean isShutdown() {
    return queue.isShutDown();
  }

  @Override
  public boolean isTerminated() {
    return workers.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return workers.awaitTermination(timeout, unit);
  }

  /** Serializes {@code value} for the workers, or refuses it at once, saying why. */
  private byte[] encodeOrReject(Object value, String what) {
    try {
      return wire.encode(value);
    } catch (Wire.RefusedException e) {
      throw new RejectedExecutionException(
          "cannot send " + what + " to a worker process: " + e.getMessage(), e);
    }
  }

  /** Serializes the task, refusing it if it cannot travel. */
  private <T> Job<T> newJob(Object task, T runnableResult, Duration timeout) {
    Objects.requireNonNull(task, "task");
    return new Job<>(task, encodeOrReject(task, Job.describe(task)), runnableResult, timeout);
  }

  static Duration positive(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("a timeout must be positive, not " + timeout);
    }
    return timeout;
  }

  /**
   * Returns the caller's future for {@code job}, then sends the job to an idle worker, from this
   * thread, or queues it.
   */
  private <T> CompletableFuture<T> send(Job<T> job) {
    TaskFuture<T> future = new TaskFuture<>(job, callbacks, this::cancelled);
    WorkerSlot.Ready idle = queue.put(job);
    if (idle != null) {
      idle.slot().send(job, idle.worker());
    }
    return future;
  }

  /** A caller cancelled {@code job}: it leaves the queue, or, with {@code stop}, its worker. */
  private void cancelled(Job<?> job, boolean stop) {
    queue.remove(job);
    if (stop) {
      job.stopIfRunning();
    }
  }

  @Override
  public void sendAgain(Job<?> job) {
    WorkerSlot.Ready idle = queue.putBack(job);
    if (idle != null) {
      idle.slot().send(job, idle.worker());
    }
  }

  @Override
  public void broke(String reason) {
    String why = "the pool is broken: " + reason;
    JobQueue.Stopped<WorkerSlot.Ready> stopped = queue.stop(why);
    for (Job<?> job : stopped.jobs()) {
      job.fail(new RejectedExecutionException(why));
    }
    for (WorkerSlot.Ready idle : stopped.idle()) {
      idle.slot().stop(idle.worker()); // tasks already running finish
    }
  }

  @Override
  public boolean isStoppingNow() {
    return stoppingNow;
  }

  /** The last slot to end terminates the pool. */
  @Override
  public void ended(WorkerSlot slot) {
    if (!workers.slotEnded()) {
      return;
    }
    broke("no worker is left"); // fails whatever a race left queued; a no-op once stopped
    callbacks.close();
    workers.terminated();
  }

  @Override
  public String toString() {
    return "ProcessPoolExecutor[" + workers + ", " + queue + "]";
  }
}
