package dev.chapter20.executors.pool;

import dev.chapter20.common.LineSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

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
 * classes of an {@link AllowList} and messages within the {@link MessageLimits}; a task that cannot
 * travel is refused by {@code submit} with a {@link RejectedExecutionException} that says why.
 *
 * <p><b>Failure.</b> Every future completes, whatever its task does:
 *
 * <ul>
 *   <li>a task that throws fails its future with the same exception, stack trace taken in the
 *       worker; a result or exception that cannot travel back fails it with a {@link
 *       RemoteTaskException} that says what it was and why;
 *   <li>a worker that ends while running a task ({@code System.exit}, a crash, {@code kill -9})
 *       fails that task with a {@link WorkerDiedException}, and a new worker takes its place: the
 *       pool stays usable (Python's pool breaks for good instead);
 *   <li>if a worker JVM cannot be started at all, the pool is broken: it shuts down, fails the
 *       tasks still queued with a {@link RejectedExecutionException} giving the reason, and refuses
 *       new ones;
 *   <li>{@link #shutdownNow()} destroys the workers, cancels the running tasks and returns the
 *       queued ones, as a JDK pool does.
 * </ul>
 *
 * <p>What a task prints, on standard output or error, by Java, native code or a child process,
 * reaches {@link Builder#output} line by line; the tasks and replies travel on a connection of
 * their own. No worker outlives the pool, or the JVM that made it. A task that is already running
 * cannot be interrupted: {@code cancel(true)} only stops the future from waiting for it (Python's
 * {@code cancel()} refuses outright in that case).
 *
 * <p><b>Threading:</b> thread-safe. {@code submit} serializes the task in the caller's thread and,
 * if a worker is idle, writes it to that worker straight away; otherwise the task waits in a queue.
 * Each worker has a thread in this JVM that reads its replies, completes the futures and sends the
 * worker its next queued task, so at most one task runs per worker. Completing a future
 * happens-before a {@code get} that returns its result. Callbacks attached to the futures ({@code
 * thenApply} ...) run on those reply threads: keep them short. The pool's state is guarded by
 * {@code this}.
 */
public final class ProcessPoolExecutor implements ExecutorService {

  private static final int CORES = Runtime.getRuntime().availableProcessors();

  private final Wire wire;
  private final List<WorkerConnection> workers = new ArrayList<>();
  private final Path socketFolder;
  private final AotCache aotCache; // null: the workers start without one
  private final CountDownLatch terminated = new CountDownLatch(1);

  private final Deque<Job<?>> queue = new ArrayDeque<>(); // guarded by this
  private final Deque<Idle> idle = new ArrayDeque<>(); // a stack; guarded by this
  private int live; // workers whose reply loop has not ended; guarded by this
  private String brokenReason; // guarded by this
  private volatile int busy; // live workers not idle (running or starting); written under this
  private volatile boolean shutdown; // written under this
  private volatile boolean stoppingNow; // written under this

  /** An idle worker, and the generation of its JVM that was idle. */
  private record Idle(WorkerConnection worker, int generation) {}

  /** Configures a pool: worker count, allowed packages, limits, where task output goes. */
  public static final class Builder {
    private int workers = CORES;
    private List<String> packages = List.of();
    private LineSink output = System.out::println;
    private MessageLimits limits = MessageLimits.DEFAULT;
    private ThreadFactory threadFactory;
    private List<String> jvmOptions = List.of();
    private Path aotCacheFolder;
    private Class<?> workerMain = WorkerMain.class;

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

    /**
     * Sends each line a task prints (in its worker, on standard output or error) to {@code output};
     * the default is this JVM's standard output. It is called from the threads that read the
     * workers' output, whose names end in {@code -stdout} and {@code -stderr}.
     */
    public Builder output(LineSink output) {
      this.output = Objects.requireNonNull(output);
      return this;
    }

    /** Sets the limits on what travels; the default is {@link MessageLimits#DEFAULT}. */
    public Builder limits(MessageLimits limits) {
      this.limits = Objects.requireNonNull(limits);
      return this;
    }

    /**
     * Makes the threads that read the workers' replies, as a {@code ThreadPoolExecutor}'s thread
     * factory makes its workers: their names, and the uncaught-exception handler that hears of
     * tasks given to {@link #execute} that fail.
     */
    public Builder threadFactory(ThreadFactory threadFactory) {
      this.threadFactory = Objects.requireNonNull(threadFactory);
      return this;
    }

    /** Adds options for the worker JVMs' command line, such as {@code -Xmx512m}. */
    public Builder workerJvmOptions(String... options) {
      this.jvmOptions = List.of(options);
      return this;
    }

    /**
     * Starts the worker JVMs from an ahead-of-time cache kept in {@code folder} (JDK 24 and later,
     * class path of jars only; ignored elsewhere): the first pool records it, and closes about a
     * second later than it would; every later pool's workers answer their first task sooner. A
     * changed jar gets a cache of its own, never a stale one. A cache file the JVM cannot use
     * (truncated, overwritten) gets one line on the pool's output and is deleted; the workers start
     * without it, and the next worker to start, in this pool or the next, records a new one. See
     * {@link AotCache}.
     */
    public Builder aotCache(Path folder) {
      this.aotCacheFolder = Objects.requireNonNull(folder);
      return this;
    }

    /** Runs another main in the worker JVMs: for tests of what the pool does with a bad worker. */
    Builder workerMain(Class<?> workerMain) {
      this.workerMain = Objects.requireNonNull(workerMain);
      return this;
    }

    /** Starts the worker JVMs and returns the pool; they connect while the first tasks queue. */
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
    AllowList allowList = new AllowList(builder.packages);
    this.wire = new Wire(allowList, builder.limits);
    List<String> options = new ArrayList<>();
    if (!choosesCollector(builder.jvmOptions)) {
      // One task at a time per worker, one worker per core: a single-threaded collector fits,
      // and starts faster than G1 (the default otherwise).
      options.add("-XX:+UseSerialGC");
    }
    options.add("-XX:-UsePerfData"); // no /tmp/hsperfdata file for each worker
    options.addAll(builder.jvmOptions);
    options.add(allowList.asJvmOption());
    options.add(builder.limits.asJvmOption());
    aotCache =
        builder.aotCacheFolder == null
            ? null
            : AotCache.of(builder.aotCacheFolder, options).orElse(null);
    // The JVMs are spawned first: they take the longest to be ready, and they boot while the
    // folder and the sockets they connect to are made (a worker retries until its socket is there).
    // Meanwhile another thread pays for the JDK's first Unix-domain socket (tens of milliseconds),
    // so that the sockets are there sooner.
    Thread.ofPlatform().daemon().name("socket-warm-up").start(new SocketWarmUp());
    socketFolder = socketFolderName();
    try {
      for (int i = 1; i <= builder.workers; i++) {
        WorkerConnection worker =
            new WorkerConnection(
                "worker-" + i,
                this,
                builder.workerMain,
                wire,
                builder.output,
                options,
                socketFolder.resolve("worker-" + i + ".sock"),
                aotCache);
        workers.add(worker);
        worker.spawn();
      }
      createOwnerOnly(socketFolder);
      for (WorkerConnection worker : workers) {
        worker.listen();
      }
    } catch (IOException e) {
      workers.forEach(WorkerConnection::destroy);
      deleteSocketFolder();
      throw new UncheckedIOException("cannot start a worker JVM: " + e.getMessage(), e);
    }
    List<Thread> threads = new ArrayList<>();
    try {
      for (WorkerConnection worker : workers) {
        threads.add(
            builder.threadFactory == null
                ? Thread.ofPlatform().name(worker.name() + "-replies").unstarted(worker)
                : Objects.requireNonNull(builder.threadFactory.newThread(worker), "new thread"));
      }
    } catch (RuntimeException e) {
      workers.forEach(WorkerConnection::destroy);
      deleteSocketFolder();
      throw e;
    }
    synchronized (this) {
      live = workers.size();
      recount();
    }
    threads.forEach(Thread::start);
  }

  /** Returns the AOT cache file the workers use or record, if this pool has one. */
  Optional<Path> aotCacheFile() {
    return aotCache == null ? Optional.empty() : Optional.of(aotCache.file());
  }

  /**
   * Opens and closes a Unix-domain server socket: the JDK's first one loads its classes and seeds a
   * random generator. Not a lambda: the first lambda of a JVM costs milliseconds more.
   */
  private static final class SocketWarmUp implements Runnable {
    @Override
    public void run() {
      try {
        ServerSocketChannel.open(StandardProtocolFamily.UNIX).close();
      } catch (IOException | RuntimeException e) {
        // only a warm-up: listen() pays instead, and reports any real failure
      }
    }
  }

  /** Returns whether {@code options} choose a garbage collector, such as {@code -XX:+UseG1GC}. */
  private static boolean choosesCollector(List<String> options) {
    for (String option : options) { // a loop: a stream's first use costs milliseconds at start-up
      if (option.startsWith("-XX:+Use") && option.endsWith("GC")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns a new name for the folder of the workers' sockets, in the temporary directory. Not
   * {@code Files.createTempDirectory}: its names come from a {@code SecureRandom}, whose first use
   * costs about 70 ms.
   */
  private static Path socketFolderName() {
    String name = "chapter20-pool-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    return Path.of(System.getProperty("java.io.tmpdir"), name);
  }

  /** Creates {@code folder}, readable by this user only where the file system has POSIX modes. */
  private static void createOwnerOnly(Path folder) throws IOException {
    if (folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createDirectory(
          folder,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectory(folder);
    }
    folder.toFile().deleteOnExit();
  }

  /** Returns the PIDs of the worker JVMs now running (or starting). */
  public List<Long> workerPids() {
    return workers.stream().map(WorkerConnection::pid).filter(pid -> pid > 0).toList();
  }

  /**
   * Sends {@code task} to the next free worker.
   *
   * @throws RejectedExecutionException if the task cannot travel to a worker (the message says
   *     which class or limit, and why), or the pool is shut down
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

  /**
   * Runs {@code task} in a worker; nobody waits for it. If it fails, the failure goes to the
   * uncaught-exception handler of the thread that learns of it (a reply thread), as a JDK pool
   * reports a failed {@code execute}: by default it is printed on standard error.
   */
  @Override
  public void execute(Runnable task) {
    enqueue(task, null)
        .whenComplete(
            (result, failure) -> {
              if (failure != null && !(failure instanceof CancellationException)) {
                Thread thread = Thread.currentThread();
                thread.getUncaughtExceptionHandler().uncaughtException(thread, failure);
              }
            });
  }

  /**
   * Applies {@code function} to each item in the workers and returns the results in the order of
   * the items: Python's {@code executor.map}. Items are sent in chunks, about four per worker, so
   * that many cheap items do not cost a round trip each. Items may be {@code null}.
   *
   * @throws ExecutionException for the first item, in the order of the items, whose function call
   *     failed; the chunks not yet done are cancelled
   */
  public <T, R> List<R> map(SerializableFunction<T, R> function, List<T> items)
      throws InterruptedException, ExecutionException {
    int chunks = 4 * workers.size();
    return map(function, items, Math.max(1, (items.size() + chunks - 1) / chunks));
  }

  /**
   * Like {@link #map(SerializableFunction, List)}, with {@code chunkSize} items per task (Python's
   * {@code chunksize}).
   *
   * @throws IllegalArgumentException if {@code chunkSize} is less than 1
   */
  public <T, R> List<R> map(SerializableFunction<T, R> function, List<T> items, int chunkSize)
      throws InterruptedException, ExecutionException {
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(items, "items");
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunkSize must be at least 1, not " + chunkSize);
    }
    byte[] serialized = encodeOrReject(function, "the function " + Job.describe(function));
    List<CompletableFuture<MapChunk.Results>> chunks = new ArrayList<>();
    boolean done = false;
    try {
      for (int from = 0; from < items.size(); from += chunkSize) {
        List<T> chunk = items.subList(from, Math.min(items.size(), from + chunkSize));
        chunks.add(submit(new MapChunk<>(function, serialized, chunk)));
      }
      List<R> results = new ArrayList<>(items.size());
      for (CompletableFuture<MapChunk.Results> chunk : chunks) {
        results.addAll(chunk.get().<R>toList());
      }
      done = true;
      return results;
    } finally {
      if (!done) {
        chunks.forEach(chunk -> chunk.cancel(true));
      }
    }
  }

  /** Runs every task and waits for all of them; a task that fails fails only its own future. */
  @Override
  public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks)
      throws InterruptedException {
    return invokeAll(tasks, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
  }

  /** Like {@link #invokeAll(Collection)}; the tasks not done by the deadline are cancelled. */
  @Override
  public <T> List<Future<T>> invokeAll(
      Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException {
    List<? extends Callable<T>> checked = checkTasks(tasks);
    long deadline = deadline(timeout, unit);
    List<Future<T>> futures = new ArrayList<>(checked.size());
    try {
      for (Callable<T> task : checked) {
        futures.add(submit(task));
      }
      for (Future<T> future : futures) {
        try {
          future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | CancellationException e) {
          // the future holds the failure; invokeAll only waits
        } catch (TimeoutException e) {
          break;
        }
      }
      return futures;
    } finally {
      futures.forEach(future -> future.cancel(true)); // no-op for those that are done
    }
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
    List<? extends Callable<T>> checked = checkTasks(tasks);
    if (checked.isEmpty()) {
      throw new IllegalArgumentException("invokeAny needs at least one task");
    }
    long deadline = deadline(timeout, unit);
    BlockingQueue<CompletableFuture<T>> done = new LinkedBlockingQueue<>();
    List<CompletableFuture<T>> futures = new ArrayList<>();
    try {
      for (Callable<T> task : checked) {
        CompletableFuture<T> future = submit(task);
        futures.add(future);
        future.whenComplete((result, failure) -> done.add(future));
      }
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
      futures.forEach(future -> future.cancel(true));
    }
  }

  /** Stops accepting tasks; queued tasks still run, then the workers exit. Does not wait. */
  @Override
  public void shutdown() {
    List<Idle> toStop;
    synchronized (this) {
      shutdown = true;
      toStop = List.copyOf(idle); // busy and starting workers stop when they find nothing to do
      idle.clear();
      recount();
    }
    toStop.forEach(stop -> stop.worker().sendStop(stop.generation()));
  }

  /**
   * Stops at once: destroys the workers, cancels the running tasks, and returns the queued ones,
   * which never ran. Each is a {@code Runnable} that runs its task in the caller's thread and
   * completes its future; a future whose task is neither run nor cancelled stays incomplete, as
   * with a JDK pool.
   */
  @Override
  public List<Runnable> shutdownNow() {
    List<Runnable> unstarted = new ArrayList<>();
    synchronized (this) {
      shutdown = true;
      stoppingNow = true;
      for (Job<?> job : queue) {
        if (!job.future.isDone()) {
          unstarted.add(job);
        }
      }
      queue.clear();
      idle.clear();
      recount();
    }
    workers.forEach(WorkerConnection::destroy);
    return unstarted;
  }

  /**
   * Shuts down and waits until every worker has stopped; if interrupted while waiting, stops at
   * once ({@link #shutdownNow()}) and cancels the tasks that never ran.
   */
  @Override
  public void close() {
    boolean interrupted = false;
    shutdown();
    while (!isTerminated()) {
      try {
        awaitTermination(1, TimeUnit.DAYS);
      } catch (InterruptedException e) {
        if (!interrupted) {
          shutdownNow().forEach(task -> ((Job<?>) task).future.cancel(false));
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
   * Serializes {@code value} for the workers, or refuses it at once, saying why it cannot travel.
   */
  private byte[] encodeOrReject(Object value, String what) {
    try {
      return wire.encode(value);
    } catch (Wire.RefusedException e) {
      throw new RejectedExecutionException(
          "cannot send " + what + " to a worker process: " + e.getMessage(), e);
    }
  }

  /** Serializes the task (refusing it if it cannot travel), then hands it to a worker or queue. */
  private <T> CompletableFuture<T> enqueue(Object task, T runnableResult) {
    Objects.requireNonNull(task, "task");
    Job<T> job = new Job<>(task, encodeOrReject(task, Job.describe(task)), runnableResult);
    synchronized (this) {
      if (shutdown) {
        throw new RejectedExecutionException(
            brokenReason == null ? "the pool is shut down" : noWorkerReason());
      }
    }
    dispatch(job, false);
    return job.future;
  }

  /**
   * Gives {@code job} to an idle worker (writing it from this thread), or queues it, at the front
   * when it is being handed back ({@code again}) because the worker it was meant for had gone.
   */
  void dispatch(Job<?> job, boolean again) {
    Idle free;
    synchronized (this) {
      if (job.future.isDone()) {
        return; // cancelled while it waited
      }
      if (stoppingNow) {
        job.future.cancel(false);
        return;
      }
      if (brokenReason != null || live == 0) {
        job.future.completeExceptionally(new RejectedExecutionException(noWorkerReason()));
        return;
      }
      free = idle.pollLast(); // the worker that finished last: its caches and spin are warm
      if (free == null) {
        if (again) {
          queue.addFirst(job);
        } else {
          queue.addLast(job);
        }
        return;
      }
      recount();
    }
    free.worker().send(job, free.generation());
  }

  /**
   * Returns the next job for a worker (of generation {@code generation}) that has just connected or
   * finished a job, {@link Job#STOP} when the pool is shut down and nothing is left, or {@code
   * null} after putting the worker on the idle list.
   */
  synchronized Job<?> nextJob(WorkerConnection worker, int generation) {
    for (Job<?> job = queue.poll(); job != null; job = queue.poll()) {
      if (!job.future.isDone()) { // skip a task cancelled while it waited
        return job;
      }
    }
    if (shutdown) {
      return Job.STOP;
    }
    idle.addLast(new Idle(worker, generation));
    recount();
    return null;
  }

  /** Counts the workers that are not idle; called under this lock after each change. */
  private void recount() {
    busy = live - idle.size();
  }

  /** Takes a worker whose JVM ended off the idle list, so no one sends it a task. */
  synchronized void forgetIdle(WorkerConnection worker) {
    idle.removeIf(entry -> entry.worker() == worker);
    recount();
  }

  /**
   * Decides, when a worker's JVM has ended, whether to start another: yes unless the pool is
   * stopping now, broken, or shut down with nothing left to run. When not, retires the worker.
   */
  synchronized boolean keepWorker(WorkerConnection worker) {
    if (!stoppingNow && brokenReason == null && (!shutdown || !queue.isEmpty())) {
      return true;
    }
    retireLocked(worker);
    return false;
  }

  /** Called when a worker's reply loop ends; the last one terminates the pool. */
  synchronized void retire(WorkerConnection worker) {
    retireLocked(worker);
  }

  private void retireLocked(WorkerConnection worker) {
    if (worker.retired) {
      return;
    }
    worker.retired = true;
    live--;
    recount();
    if (live > 0) {
      return;
    }
    shutdown = true;
    for (Job<?> job : queue) { // only after the pool broke: nobody is left to run them
      job.future.completeExceptionally(new RejectedExecutionException(noWorkerReason()));
    }
    queue.clear();
    deleteSocketFolder();
    terminated.countDown();
  }

  /**
   * Breaks the pool because a worker JVM cannot be started: shuts it down, fails the queued tasks
   * with the reason, and stops the idle workers. Tasks already running finish.
   */
  void broke(String reason) {
    List<Idle> toStop;
    List<Job<?>> failed;
    RejectedExecutionException why;
    synchronized (this) {
      if (brokenReason != null || stoppingNow) {
        return;
      }
      brokenReason = reason;
      why = new RejectedExecutionException(noWorkerReason());
      shutdown = true;
      failed = List.copyOf(queue);
      queue.clear();
      toStop = List.copyOf(idle);
      idle.clear();
      recount();
    }
    failed.forEach(job -> job.future.completeExceptionally(why));
    toStop.forEach(stop -> stop.worker().sendStop(stop.generation()));
  }

  /** Why no worker can take a task; called under this lock. */
  private String noWorkerReason() {
    return brokenReason != null ? "the pool is broken: " + brokenReason : "no worker is left";
  }

  /**
   * Returns whether fewer workers are busy than there are cores, so that a reply loop may spin
   * while it waits without taking a core from a worker.
   */
  boolean hasIdleCore() {
    return busy < CORES;
  }

  boolean isStoppingNow() {
    return stoppingNow;
  }

  private static <T> List<? extends Callable<T>> checkTasks(
      Collection<? extends Callable<T>> tasks) {
    Objects.requireNonNull(tasks, "tasks");
    return List.copyOf(tasks); // throws on a null task, before any task is sent
  }

  private static long deadline(long timeout, TimeUnit unit) {
    long now = System.nanoTime();
    long nanos = Objects.requireNonNull(unit, "unit").toNanos(timeout);
    return nanos >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + nanos;
  }

  private void deleteSocketFolder() {
    if (socketFolder == null) {
      return;
    }
    try (Stream<Path> files = Files.list(socketFolder)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(socketFolder);
    } catch (IOException e) {
      // a leftover empty folder in the temporary directory; deleteOnExit tries again
    }
  }

  @Override
  public String toString() {
    synchronized (this) {
      return "ProcessPoolExecutor"
          + Arrays.asList(
              "workers=" + workers.size(),
              "queued=" + queue.size(),
              "idle=" + idle.size(),
              stoppingNow ? "stopping" : shutdown ? "shut down" : "running",
              isTerminated() ? "terminated" : "live=" + live);
    }
  }
}
