package dev.chapter20.executors;

import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pool whose threads each set up a resource before their first task: Python's {@code
 * ThreadPoolExecutor(initializer=f, initargs=(...))} as a {@link ThreadFactory} whose threads run
 * the set-up, then the pool's loop. One of the rest of {@code concurrent.futures} (20.3+).
 *
 * <p>The resource, a stand-in for a connection that must not be shared, lives in a {@link
 * ThreadLocal}: six tasks on two threads open two, not six; {@code initargs} are what the factory
 * captures. Unlike Python's, the thread can also close it when the pool ends, but {@code close()}
 * does not wait for that: join the threads. The set-up must not throw: Python then breaks the pool
 * and fails its futures, but a JDK pool thread that dies before its loop leaves its first task, and
 * {@code close()}, waiting forever. Catch inside it, or set up lazily with {@code
 * ThreadLocal.withInitial}, whose failure reaches the task's future.
 *
 * <p>Python's {@code ProcessPoolExecutor(initializer=...)} runs once in each worker process. With
 * this project's {@code ProcessPoolExecutor}, use a static field of the task's class, set up once
 * per worker JVM on first use, and pass {@code initargs} as {@code -D} options to {@code
 * builder().workerJvmOptions(...)}.
 *
 * <p><b>Threading:</b> each connection is opened, used and closed by one pool thread and never
 * leaves it, so nothing is guarded. Results reach the caller through futures; joining the threads
 * makes their clean-up happen-before the last line.
 *
 * @see ThreadFactory
 */
public final class InitializeEachThread {

  private static final ThreadLocal<String> CONNECTION = new ThreadLocal<>();

  private InitializeEachThread() {}

  /** Runs six tasks on a pool of two threads, each task with its thread's own connection. */
  public static void run(LineSink out) throws Exception {
    List<Thread> threads = new CopyOnWriteArrayList<>();
    ThreadFactory named = Thread.ofPlatform().name("pool-", 1).factory();
    try (ExecutorService pool =
        Executors.newFixedThreadPool(2, connecting(named, "db://orders", out, threads))) {
      List<Future<String>> saved = new ArrayList<>();
      for (int order = 1; order <= 6; order++) {
        String task = "order " + order + " saved by ";
        saved.add(
            pool.submit(() -> task + Thread.currentThread().getName() + " on " + CONNECTION.get()));
      }
      for (Future<String> result : saved) {
        out.println(result.get());
      }
    }
    for (Thread thread : threads) {
      thread.join(); // close() returned when the pool's loops ended, maybe before the clean-ups
    }
    out.println("the pool is closed, and each thread closed its connection");
  }

  /** Returns a factory whose threads connect to {@code url}, run the pool's loop, then close. */
  static ThreadFactory connecting(
      ThreadFactory named, String url, LineSink out, List<Thread> made) {
    AtomicInteger opened = new AtomicInteger();
    return poolLoop -> {
      Thread thread =
          named.newThread(
              () -> {
                CONNECTION.set("connection " + opened.incrementAndGet()); // initializer(url)
                out.println("opened " + CONNECTION.get() + " to " + url);
                try {
                  poolLoop.run(); // takes and runs tasks until the pool shuts this thread down
                } finally {
                  out.println("closing " + CONNECTION.get());
                  CONNECTION.remove();
                }
              });
      made.add(thread); // for the caller to join
      return thread;
    };
  }

  public static void main(String[] args) throws Exception {
    run(new Timeline(System.out));
  }
}
