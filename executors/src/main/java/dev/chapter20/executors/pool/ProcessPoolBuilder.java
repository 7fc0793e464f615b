package dev.chapter20.executors.pool;

import dev.chapter20.common.LineSink;
import dev.chapter20.executors.pool.aot.AotCache;
import dev.chapter20.executors.pool.transport.JvmStartup;
import dev.chapter20.executors.pool.wire.AllowList;
import dev.chapter20.executors.pool.wire.MessageLimits;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Configures a {@link ProcessPoolExecutor}: worker count, allowed packages, limits, where task
 * output goes, where callbacks run, and how long a stopping worker may take. {@link
 * ProcessPoolExecutor#builder()} returns one.
 *
 * <p><b>Threading:</b> a builder: configure it on one thread, then {@link #build()}.
 */
public final class ProcessPoolBuilder {

  int workers = Runtime.getRuntime().availableProcessors();
  List<String> packages = List.of();
  LineSink output = System.out::println;
  MessageLimits limits = MessageLimits.DEFAULT;
  Executor callbacks; // null: a cached pool of the pool's own
  List<String> jvmOptions = List.of();
  Path aotCacheFolder;
  Class<?> workerMain = WorkerMain.class;
  JvmStartup startup; // null: plain, or the AOT cache
  Duration shutdownGrace = Duration.ofSeconds(5);
  Duration taskTimeout; // null: none
  int maxTasksPerWorker; // 0: a worker serves as long as it lives

  ProcessPoolBuilder() {}

  /** Sets the number of worker JVMs; the default is the number of cores. */
  public ProcessPoolBuilder workers(int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException("a pool needs at least one worker, not " + workers);
    }
    this.workers = workers;
    return this;
  }

  /**
   * Lets the classes of these packages (and their subpackages) travel, lambdas defined in them
   * included: the pool's tasks, their results and exceptions; see {@link AllowList}.
   */
  public ProcessPoolBuilder allowPackages(String... packages) {
    this.packages = List.of(packages);
    return this;
  }

  /**
   * Sends each line a task prints (in its worker, on standard output or error) to {@code output};
   * the default is this JVM's standard output. It is called from the pool's threads that read the
   * workers' output, named {@code worker-N-stdout} and {@code -stderr}: keep it quick (a worker
   * whose output is not read blocks), and do not close the pool from it ({@code close()} throws
   * {@link IllegalStateException} there; {@code shutdown()} works).
   */
  public ProcessPoolBuilder output(LineSink output) {
    this.output = Objects.requireNonNull(output);
    return this;
  }

  /** Sets the limits on what travels; the default is {@link MessageLimits#DEFAULT}. */
  public ProcessPoolBuilder limits(MessageLimits limits) {
    this.limits = Objects.requireNonNull(limits);
    return this;
  }

  /**
   * Runs the futures' dependent actions ({@code thenApply}, {@code whenComplete}, ...) and reports
   * failed {@code execute} tasks on {@code executor}, which must run each task on a thread of its
   * own, not the caller's (a direct executor would run them on the pool's threads). If it refuses
   * one, a new thread runs it. The default is a cached pool of daemon threads named {@code
   * pool-callback-N}, as the JDK's {@code HttpClient} has; it is shut down with the pool.
   */
  public ProcessPoolBuilder callbackExecutor(Executor executor) {
    this.callbacks = Objects.requireNonNull(executor);
    return this;
  }

  /** Adds options for the worker JVMs' command line, such as {@code -Xmx512m}. */
  public ProcessPoolBuilder workerJvmOptions(String... options) {
    this.jvmOptions = List.of(options);
    return this;
  }

  /**
   * Sets how long a worker told to stop (after {@code shutdown}, once the queue is empty) may take
   * to exit before it is killed, as Maven Surefire kills a forked JVM that does not exit; the
   * default is 5 seconds. A worker that is frozen (stopped by a signal, swapped out) is killed
   * then, and so {@code close()} ends.
   */
  public ProcessPoolBuilder shutdownGrace(Duration grace) {
    if (grace.isNegative()) {
      throw new IllegalArgumentException("a grace period cannot be negative: " + grace);
    }
    this.shutdownGrace = grace;
    return this;
  }

  /**
   * Replaces each worker JVM with a new one after it has run {@code tasks} tasks (Python's {@code
   * max_tasks_per_child}): for tasks that leak memory, files or threads. A worker is replaced
   * between two tasks, never during one; the tasks queued meanwhile wait for the new JVM, which
   * costs a JVM's start (see the executors README for the cost per task). The default is never.
   */
  public ProcessPoolBuilder maxTasksPerWorker(int tasks) {
    if (tasks < 1) {
      throw new IllegalArgumentException("a worker runs at least one task, not " + tasks);
    }
    this.maxTasksPerWorker = tasks;
    return this;
  }

  /**
   * Gives every task a deadline, as {@link ProcessPoolExecutor#submit(Callable, Duration)} gives
   * one: a task that runs longer is stopped, its worker killed and replaced, and its future fails
   * with a {@link java.util.concurrent.TimeoutException}. The default is none.
   */
  public ProcessPoolBuilder taskTimeout(Duration timeout) {
    this.taskTimeout = ProcessPoolExecutor.positive(timeout);
    return this;
  }

  /**
   * Starts the worker JVMs from an ahead-of-time cache kept in {@code folder} (JDK 24 and later,
   * class path of jars only; ignored elsewhere): the first pool records it, and closes about a
   * second later than it would; every later pool's workers answer their first task sooner. A
   * changed jar gets a cache of its own, never a stale one. A folder that another user owns or may
   * write to is refused, in one line on the pool's output: the JVM trusts the classes of a cache. A
   * cache file the JVM cannot use (truncated, overwritten) gets one line too and is deleted; the
   * workers start without it, and the next worker to start records a new one. See {@code
   * pool.aot.AotCache}.
   */
  public ProcessPoolBuilder aotCache(Path folder) {
    this.aotCacheFolder = Objects.requireNonNull(folder);
    return this;
  }

  /** Runs another main in the worker JVMs: for tests of what the pool does with a bad worker. */
  ProcessPoolBuilder workerMain(Class<?> workerMain) {
    this.workerMain = Objects.requireNonNull(workerMain);
    return this;
  }

  /** Starts the workers another way: for tests of what the pool does when a start fails. */
  ProcessPoolBuilder jvmStartup(JvmStartup startup) {
    this.startup = Objects.requireNonNull(startup);
    return this;
  }

  /** Starts the worker JVMs and returns the pool; they connect while the first tasks queue. */
  public ProcessPoolExecutor build() {
    return new ProcessPoolExecutor(this);
  }

  /** The AOT cache asked for, if it can be had; else null, saying why on the output. */
  AotCache aotCache(List<String> workerOptions) {
    if (aotCacheFolder == null) {
      return null;
    }
    try {
      return AotCache.of(aotCacheFolder, workerOptions).orElse(null);
    } catch (IOException e) {
      try {
        output.println("note: no AOT cache for the workers: " + e.getMessage());
      } catch (RuntimeException sinkFailed) {
        // the sink's own failure: the pool starts without the cache all the same
      }
      return null;
    }
  }

  /** The options of the workers' command line, with {@code allowList}'s packages. */
  List<String> workerOptions(AllowList allowList) {
    List<String> options = new ArrayList<>();
    if (!choosesCollector(jvmOptions)) {
      // One task at a time per worker, one worker per core: a single-threaded collector fits,
      // and starts faster than G1 (the default otherwise).
      options.add("-XX:+UseSerialGC");
    }
    options.add("-XX:-UsePerfData"); // no /tmp/hsperfdata file for each worker
    options.addAll(jvmOptions);
    options.add(allowList.asJvmOption());
    options.add(limits.asJvmOption());
    return options;
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
}
