package dev.chapter20.async;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * What one waiting virtual thread costs in memory (section 20.4.1, measured): {@value #THREADS}
 * virtual threads all wait on one latch, and the heap's live bytes are read, each time after a
 * collection, before the threads start and again with every one of them parked.
 *
 * <p>A platform thread that waits keeps its OS stack, reserved at a megabyte by default. A virtual
 * thread that waits has no OS thread: its frames are copied into a heap object (a "stack chunk")
 * that grows with the depth of its stack, next to the thread object itself and what its scheduler
 * keeps for it. So the cost is a kilobyte or so, and a deeper stack costs more; that is why 100,000
 * sleepers take about 120 MB of heap, and why a JVM's resident size for them stays above what a
 * smaller runtime needs for 100,000 coroutines: the objects cost about the same, the JVM's own
 * footprint is larger. {@code benchmarks/compare.sh} measures the whole process beside Python and
 * Node.
 *
 * <p><b>Threading:</b> the main thread starts the virtual threads and waits until all have reached
 * the latch ({@code arrived}), then reads the heap; {@code release} lets them end.
 */
public final class ParkedThreadCost {

  static final int THREADS = 20_000;

  private ParkedThreadCost() {}

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
    bytesPerParkedThread(2_000); // warm up: compiled code parks with smaller frames
    long bytes = bytesPerParkedThread(THREADS);
    out.printf(
        Locale.ROOT,
        "%,d parked virtual threads: about %,d bytes of heap each (frames, thread, scheduler)%n",
        THREADS,
        bytes);
    out.printf(
        Locale.ROOT,
        "100,000 of them: about %.0f MiB of heap; one platform thread reserves 1 MiB of stack%n",
        bytes * 100_000 / (1024.0 * 1024));
  }

  public static void main(String[] args) throws InterruptedException {
    run(System.out);
  }
}
