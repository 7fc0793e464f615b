package dev.chapter20.async;

import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Hands two blocking calls to virtual threads from {@link CompletableFuture} code and combines
 * their answers: Python's {@code await asyncio.to_thread(f)} or {@code loop.run_in_executor(None,
 * f)}. Beyond the chapter's section 20.4.
 *
 * <p>What Java does differently: asyncio needs a thread pool for any call that blocks, because one
 * blocking call on the event loop stops every task. On the JVM the blocking call itself is fine on
 * a virtual thread, so "to a thread" is just {@code supplyAsync(call, virtualThreads)}: one virtual
 * thread per call, no pool to size, and the caller composes the futures as before.
 *
 * <p><b>Threading:</b> each call runs on its own virtual thread and blocks until the other has
 * started, so they can only end if they run at the same time; {@code thenCombine} runs on whichever
 * thread completes the second future; the caller waits in {@code join()}.
 */
public final class ToThread {

  private ToThread() {}

  /** Runs the two calls and returns their combined answer. */
  public static String run(LineSink out) {
    CountDownLatch bothStarted = new CountDownLatch(2);
    try (ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor()) {
      CompletableFuture<String> config =
          CompletableFuture.supplyAsync(
              () -> blockingCall("config", bothStarted, out), virtualThreads);
      CompletableFuture<String> prices =
          CompletableFuture.supplyAsync(
              () -> blockingCall("prices", bothStarted, out), virtualThreads);
      out.println("the caller goes on while both calls block");
      String combined = config.thenCombine(prices, (a, b) -> a + " + " + b).join();
      out.println("combined: " + combined);
      return combined;
    }
  }

  /** Stands for a blocking library call (a file, a JDBC query): it waits, holding no OS thread. */
  private static String blockingCall(String what, CountDownLatch bothStarted, LineSink out) {
    Thread self = Thread.currentThread();
    out.println(
        "reading " + what + " on a " + (self.isVirtual() ? "virtual" : "platform") + " thread");
    bothStarted.countDown();
    try {
      bothStarted.await(); // blocks, as the real call would
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + what, e);
    }
    return what + " read";
  }

  public static void main(String[] args) {
    run(new Timeline(System.out));
  }
}
