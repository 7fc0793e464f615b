package dev.chapter20.executors;

import dev.chapter20.common.LineSink;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An {@link ExecutorService} that runs tasks in a fixed number of worker JVMs: Python's {@code
 * concurrent.futures.ProcessPoolExecutor}, which the JDK does not have.
 *
 * <pre>{@code
 * try (ProcessPoolExecutor pool = new ProcessPoolExecutor(2)) {
 *   Future<Long> primes = pool.submit(new CountPrimes(new Range(2, 1_000_000)));
 *   List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3));
 * }
 * }</pre>
 *
 * <p><b>What travels.</b> A task is an object of a class on the worker's class path (the pool
 * starts its workers with its own class path), sent with Java serialization: make it a record that
 * implements {@link Callable} (or {@link Runnable}) and {@link java.io.Serializable}, or a
 * serializable lambda. Results and exceptions come back the same way. Both sides accept only the
 * classes of an {@link AllowList}; a task that cannot travel is refused by {@code submit} with a
 * {@link RejectedExecutionException} that says why.
 *
 * <p><b>Failure.</b> A task that throws fails its future with the same exception, its stack trace
 * taken in the worker. A worker that dies fails the task it was running with a {@link
 * WorkerDiedException}, and a new worker takes its place: the pool stays usable (Python's pool
 * breaks for good instead). {@link #close()} lets queued tasks finish and stops the workers; {@link
 * #shutdownNow()} destroys them at once and cancels the running tasks. No worker outlives the pool,
 * or the JVM that made it.
 *
 * <p>A task that is already running cannot be interrupted: {@code cancel(true)} only stops the
 * future from waiting for it. Python's {@code cancel()} refuses outright in that case.
 *
 * <p><b>Threading:</b> thread-safe. {@code submit} serializes the task in the caller's thread and,
 * if a worker is idle, writes it to that worker straight away; otherwise the task waits in a queue.
 * Each worker has a thread in this JVM that reads its replies, completes the futures and sends the
 * worker its next queued task, so at most one task runs per worker. Completing a future
 * happens-before a {@code get} that returns its result. Callbacks attached to the futures ({@code
 * thenApply} ...) run on those reply threads: keep them short.
 */
public final class ProcessPoolExecutor implements ExecutorService {

  private static final int CORES = Runtime.getRuntime().availableProcessors();

  private final AllowList allowList;
  private final List<WorkerProcess> workers = new ArrayList<>();
  private final CountDownLatch terminated;
  private final Deque<Job<?>> queue = new ArrayDeque<>(); // guarded by this
  private final Deque<WorkerProcess> idle = new ArrayDeque<>(); // a stack; guarded by this
  private volatile int busyWorkers; // written under this
  private volatile boolean shutdown; // written under this
  private volatile boolean stoppingNow; // written under this

  /** Configures a pool: worker count, allowed packages, where task output goes. */
  public static final class Builder {
    private int workers = Runtime.getRuntime().availableProcessors();
    private List<String> packages = List.of();
    private LineSink output = System.out::println;

    private Builder() {}

    /** Sets the number of worker JVMs; the default is the number of cores. */
    public Builder workers(int workers) {
      if (workers < 1) {
        throw new IllegalArgumentException("a pool needs at least one worker, not " + workers);
      }
      this.workers = workers;
      return this;
    }

    /** Lets classes of these packages (and their subpackages) travel; see {@link AllowList}. */
    public Builder allowPackages(String... packages) {
      this.packages = List.of(packages);
      return this;
    }

    /** Sends each line a task prints (in its worker) to {@code output}; the default is stdout. */
    public Builder output(LineSink output) {
      this.output = Objects.requireNonNull(output);
      return this;
    }

    /** Starts the workers and returns the pool. */
    public ProcessPoolExecutor build() {
      return new ProcessPoolExecutor(this);
    }
  }

  /** Starts a pool with one worker JVM per core. */
  public ProcessPoolExecutor() {
    this(builder());
  }

  /** Starts a pool with {@code workers} worker JVMs: Python's {@code max_workers}. */
  public ProcessPoolExecutor(int workers) {
    this(builder().workers(workers));
  }

  /** Returns a builder for a pool with more settings. */
  public static Builder builder() {
    return new Builder();
  }

  private ProcessPoolExecutor(Builder builder) {
    this.allowList = new AllowList(builder.packages);
    this.terminated = new CountDownLatch(builder.workers);
    try {
      for (int i = 1; i <= builder.workers; i++) {
        workers.add(new WorkerProcess("worker-" + i, this, allowList, builder.output));
      }
    } catch (IOException e) {
      workers.forEach(WorkerProcess::destroy);
      throw new UncheckedIOException("cannot start a worker JVM: " + e.getMessage(), e);
    }
    idle.addAll(workers);
    for (int i = 0; i < workers.size(); i++) {
      Thread.ofPlatform().name("worker-" + (i + 1) + "-replies").start(workers.get(i));
    }
  }

  /** Returns the PIDs of the worker JVMs now running. */
  public List<Long> workerPids() {
    return workers.stream().map(WorkerProcess::pid).toList();
  }

  /**
   * Sends {@code task} to the next free worker.
   *
   * @throws RejectedExecutionException if the task cannot travel to a worker (the message says
   *     which class and why), or the pool is shut down
   */
  @Override
  public <T> CompletableFuture<T> submit(Callable<T> task) {
    return enqueue(task, null);
  }

  /** Like {@link #submit(Callable)}; the future completes with {@code null}. */
  @Override
  public CompletableFuture<?> submit(Runnable task) {
    return enqueue(task, null);
  }

  /** Like {@link #submit(Callable)}; the future completes with {@code result}. */
  @Override
  public <T> CompletableFuture<T> submit(Runnable task, T result) {
    return enqueue(task, result);
  }

  /** Like {@link #submit(Runnable)}, for a task whose result nobody waits for. */
  @Override
  public void execute(Runnable task) {
    enqueue(task, null);
  }

  /**
   * Applies {@code function} to each item in the workers and returns the results in the order of
   * the items: Python's {@code executor.map}. Items are sent in chunks, about four per worker, so
   * that many cheap items do not cost a round trip each.
   *
   * @throws ExecutionException for the first item whose function call failed
   */
  public <T, R> List<R> map(SerializableFunction<T, R> function, List<T> items)
      throws InterruptedException, ExecutionException {
    int chunkSize = Math.max(1, (items.size() + 4 * workers.size() - 1) / (4 * workers.size()));
    return map(function, items, chunkSize);
  }

  /** Like {@link #map(SerializableFunction, List)}, with {@code chunkSize} items per task. */
  public <T, R> List<R> map(SerializableFunction<T, R> function, List<T> items, int chunkSize)
      throws InterruptedException, ExecutionException {
    List<CompletableFuture<List<R>>> chunks = new ArrayList<>();
    for (int from = 0; from < items.size(); from += chunkSize) {
      List<T> chunk = List.copyOf(items.subList(from, Math.min(items.size(), from + chunkSize)));
      chunks.add(submit(new MapChunk<>(function, chunk)));
    }
    List<R> results = new ArrayList<>(items.size());
    for (CompletableFuture<List<R>> chunk : chunks) {
      results.addAll(chunk.get());
    }
    return results;
  }

  @Override
  public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks)
      throws InterruptedException {
    return invokeAll(tasks, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
  }

  @Override
  public <T> List<Future<T>> invokeAll(
      Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    List<Future<T>> futures = new ArrayList<>();
    tasks.forEach(task -> futures.add(submit(task)));
    for (Future<T> future : futures) {
      try {
        future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException | CancellationException e) {
        // the future holds the failure; invokeAll only waits
      } catch (TimeoutException e) {
        futures.forEach(f -> f.cancel(true));
        break;
      }
    }
    return futures;
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks)
      throws InterruptedException, ExecutionException {
    try {
      return invokeAny(tasks, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no deadline, yet timed out", e);
    }
  }

  /** Returns the result of the first task to succeed, and cancels the others. */
  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("no tasks");
    }
    BlockingQueue<CompletableFuture<T>> done = new LinkedBlockingQueue<>();
    List<CompletableFuture<T>> futures = new ArrayList<>();
    for (Callable<T> task : tasks) {
      CompletableFuture<T> future = submit(task);
      futures.add(future);
      future.whenComplete((result, failure) -> done.add(future));
    }
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    try {
      ExecutionException last = null;
      for (int i = 0; i < futures.size(); i++) {
        CompletableFuture<T> first = done.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (first == null) {
          throw new TimeoutException("no task succeeded in time");
        }
        try {
          return first.get();
        } catch (ExecutionException | CancellationException e) {
          last = e instanceof ExecutionException ee ? ee : new ExecutionException(e);
        }
      }
      throw last;
    } finally {
      futures.forEach(f -> f.cancel(true));
    }
  }

  /** Stops accepting tasks; queued tasks still run, then the workers exit. Does not wait. */
  @Override
  public void shutdown() {
    List<WorkerProcess> toStop;
    synchronized (this) {
      shutdown = true;
      toStop = List.copyOf(idle); // busy workers stop when they find the queue empty
      idle.clear();
    }
    toStop.forEach(WorkerProcess::sendStop);
  }

  /**
   * Stops at once: destroys the workers, cancels the running tasks, and returns the queued ones,
   * which never ran (each is a {@code Runnable} that would run its task in the caller's thread).
   */
  @Override
  public List<Runnable> shutdownNow() {
    List<Runnable> unstarted;
    synchronized (this) {
      shutdown = true;
      stoppingNow = true;
      unstarted = List.copyOf(queue);
      queue.clear();
      idle.clear();
    }
    workers.forEach(WorkerProcess::destroy);
    return unstarted;
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return terminated.getCount() == 0;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return terminated.await(timeout, unit);
  }

  /**
   * Serializes the task (refusing it if it cannot travel), then sends it to an idle worker from
   * this thread, or queues it for the first worker to finish.
   */
  private <T> CompletableFuture<T> enqueue(Object task, T runnableResult) {
    Objects.requireNonNull(task, "task");
    byte[] bytes;
    try {
      bytes = Wire.toBytes(task, allowList);
    } catch (NotSerializableException e) {
      throw refused(task, e.getMessage() + " is not Serializable", e);
    } catch (InvalidClassException e) {
      throw refused(task, e.getMessage(), e);
    } catch (IOException e) {
      throw refused(task, e.toString(), e);
    }
    Job<T> job = new Job<>(task, bytes, runnableResult);
    WorkerProcess free;
    synchronized (this) {
      if (shutdown) {
        throw new RejectedExecutionException("the pool is shut down");
      }
      free = idle.pollLast(); // the worker that finished last: its caches and spin are warm
      if (free == null) {
        queue.add(job);
        return job.future;
      }
      busyWorkers++;
    }
    free.send(job); // this thread owns the worker now; its reply loop takes it from here
    return job.future;
  }

  /**
   * Returns the next job for a worker that just finished one, {@link Job#STOP} when the pool is
   * shut down and nothing is left, or {@code null} after putting the worker on the idle list.
   */
  synchronized Job<?> nextJob(WorkerProcess worker) {
    for (Job<?> job = queue.poll(); job != null; job = queue.poll()) {
      if (!job.future.isDone()) { // skip a task cancelled while it waited
        return job;
      }
    }
    if (shutdown) {
      return stoppingNow ? null : Job.STOP;
    }
    idle.addLast(worker);
    busyWorkers--;
    return null;
  }

  /**
   * Returns whether fewer workers are busy than there are cores, so that a reply loop may spin
   * while it waits without taking a core from a worker.
   */
  boolean hasIdleCore() {
    return busyWorkers < CORES;
  }

  boolean isStoppingNow() {
    return stoppingNow;
  }

  /** Called by each worker's reply loop when it ends. */
  void workerStopped() {
    terminated.countDown();
    if (terminated.getCount() == 0) {
      List<Job<?>> left;
      synchronized (this) {
        left = List.copyOf(queue);
        queue.clear();
      }
      left.forEach( // only if workers died and could not be replaced
          job ->
              job.future.completeExceptionally(new RejectedExecutionException("no worker left")));
    }
  }

  private static RejectedExecutionException refused(Object task, String why, IOException cause) {
    return new RejectedExecutionException(
        "cannot send " + Job.describe(task) + " to a worker process: " + why, cause);
  }
}
