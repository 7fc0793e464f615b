package dev.chapter20.async;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * What one waiting virtual thread costs in memory (section 20.4.1, measured): {@value #THREADS}
 * virtual threads all wait on one latch, and the heap's live bytes are read, each time after a
 * collection, before the threads start and again with every one of them parked. The same is done
 * {@value #ROUNDS} times in all: the first round, and the cheapest of the others.
 *
 * <p>A platform thread that waits keeps its OS stack, reserved at a megabyte by default. A virtual
 * thread that waits has no OS thread: its frames are copied into a heap object (a "stack chunk"),
 * next to the thread object itself and what its scheduler keeps for it. So the cost is a kilobyte
 * or so, and it depends on how the frames were running when the thread parked. The frames are the
 * JDK's own ({@code await}, {@code park}, {@code yield}) more than the task's. In a fresh JVM they
 * are interpreted, and an interpreted frame keeps a slot for each local variable and operand plus
 * bookkeeping; once the JIT has compiled the path to {@code park}, it inlines the small methods on
 * the way into fewer, tighter frames. So the first burst of parked threads in a JVM costs about
 * twice what the same threads cost later: that, and the JIT's own work on two cores, is why a fresh
 * JVM's 100,000 sleepers take more memory than Python's coroutines in {@code
 * benchmarks/compare.sh}, and more time than Node's promises.
 *
 * <p><b>Threading:</b> the main thread starts the virtual threads and waits until all have reached
 * the latch ({@code arrived}), then reads the heap; {@code release} lets them end.
 */
public final class ParkedThreadCost {

  static final int THREADS = 20_000;

  /** Rounds in all: enough for the JIT to have compiled the way to park, even on a busy machine. */
  static final int ROUNDS = 8;

  /**
   * What {@code threads} parked virtual threads cost each, in bytes of heap: in the first round in
   * this JVM, and in the cheapest round after it ({@code cheapestRound}, counting from 1).
   */
  record Cost(int threads, long firstBytes, long compiledBytes, int cheapestRound) {}

  private ParkedThreadCost() {}

  /** Measures {@link #ROUNDS} rounds of {@code threads} parked threads. */
  static Cost measure(int threads) throws InterruptedException {
    long first = bytesPerParkedThread(threads);
    long cheapest = Long.MAX_VALUE;
    int cheapestRound = 0;
    for (int round = 2; round <= ROUNDS; round++) {
      long bytes = bytesPerParkedThread(threads);
      if (bytes < cheapest) {
        cheapest = bytes;
        cheapestRound = round;
      }
    }
    return new Cost(threads, first, cheapest, cheapestRound);
  }

  /** The heap bytes each parked virtual thread held, on average. */
  static long bytesPerParkedThread(int threads) throws InterruptedException {
    CountDownLatch arrived = new CountDownLatch(threads);
    CountDownLatch release = new CountDownLatch(1);
    long before = liveHeap();
    List<Thread> waiting = new ArrayList<>(threads);
    for (int i = 0; i < threads; i++) {
      waiting.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    arrived.countDown();
                    try {
                      release.await();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }));
    }
    arrived.await();
    long parked = liveHeap();
    release.countDown();
    for (Thread thread : waiting) {
      thread.join();
    }
    return (parked - before) / threads;
  }

  /** The heap in use after a full collection: about the live objects (a hint, on most JVMs). */
  private static long liveHeap() {
    Runtime runtime = Runtime.getRuntime();
    System.gc();
    return runtime.totalMemory() - runtime.freeMemory();
  }

  /** Measures and prints the cost, with the platform thread's for scale. */
  public static void run(PrintStream out) throws InterruptedException {
    Cost cost = measure(THREADS);
    out.printf(
        Locale.ROOT,
        "the first %,d parked virtual threads in this JVM: about %,d bytes of heap each%n",
        cost.threads(),
        cost.firstBytes());
    out.printf(
        Locale.ROOT,
        "the same once the JIT had compiled the way to park (round %d): about %,d bytes each%n",
        cost.cheapestRound(),
        cost.compiledBytes());
    out.printf(
        Locale.ROOT,
        "100,000 of them: %.0f MiB of heap once compiled, %.0f MiB in a fresh JVM; one platform"
            + " thread reserves 1 MiB of stack%n",
        cost.compiledBytes() * 100_000 / (1024.0 * 1024),
        cost.firstBytes() * 100_000 / (1024.0 * 1024));
  }

  public static void main(String[] args) throws InterruptedException {
    run(System.out);
  }
}
