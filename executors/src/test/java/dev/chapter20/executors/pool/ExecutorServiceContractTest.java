package dev.chapter20.executors.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.executors.Divide;
import dev.chapter20.executors.Identity;
import dev.chapter20.executors.pool.TestTasks.Mark;
import dev.chapter20.executors.pool.TestTasks.Pid;
import dev.chapter20.executors.pool.TestTasks.WaitForFile;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link java.util.concurrent.ExecutorService} contract as the JSR-166 TCK's {@code
 * AbstractExecutorServiceTest} and {@code ThreadPoolExecutorTest} state it, and what Python's
 * {@code concurrent.futures} tests expect of {@code map}, checked on a process pool.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ExecutorServiceContractTest {

  @RegisterExtension final PoolFixture fixture = new PoolFixture();

  @TempDir Path dir;

  private String gate(String name) {
    return dir.resolve(name).toString();
  }

  @Test
  void nullTasksAreRefusedWithNullPointerException() {
    ProcessPoolExecutor pool = fixture.pool(1);

    assertThrows(NullPointerException.class, () -> pool.execute(null));
    assertThrows(NullPointerException.class, () -> pool.submit((Runnable) null));
    assertThrows(NullPointerException.class, () -> pool.submit((Runnable) null, "x"));
    assertThrows(NullPointerException.class, () -> pool.submit((Callable<?>) null));
    assertThrows(NullPointerException.class, () -> pool.invokeAll(null));
    assertThrows(NullPointerException.class, () -> pool.invokeAny(null));
    assertThrows(NullPointerException.class, () -> pool.invokeAll(List.of(new Pid()), 1, null));
    assertThrows(NullPointerException.class, () -> pool.invokeAny(List.of(new Pid()), 1, null));
  }

  @Test
  void aRunnableCompletesWithNullOrTheGivenResult() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(1);

    assertNull(pool.submit(new Mark("one")).get());
    assertEquals("done", pool.submit(new Mark("two"), "done").get());
  }

  @Test
  void invokeAllOfNoTasksReturnsAnEmptyList() throws Exception {
    assertTrue(fixture.pool(1).invokeAll(List.<Callable<Long>>of()).isEmpty());
  }

  @Test
  void invokeAllWithANullTaskThrowsAndRunsNone() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(1);
    Callable<String> marks =
        (Callable<String> & Serializable)
            () -> {
              System.out.println("ran");
              return "ran";
            };
    List<Callable<String>> tasks = Arrays.asList(marks, null);

    assertThrows(NullPointerException.class, () -> pool.invokeAll(tasks));
    pool.close();

    assertFalse(fixture.output.texts().contains("ran"));
  }

  @Test
  void invokeAllReturnsEveryFutureDoneWithItsResultOrFailure() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(2);

    List<Future<Integer>> all =
        pool.invokeAll(List.of(new Divide(6, 3), new Divide(1, 0), new Divide(9, 3)));

    assertTrue(all.stream().allMatch(Future::isDone));
    assertEquals(2, all.get(0).get());
    ExecutionException failed = assertThrows(ExecutionException.class, () -> all.get(1).get());
    assertInstanceOf(ArithmeticException.class, failed.getCause());
    assertEquals(3, all.get(2).get());
  }

  @Test
  void timedInvokeAllCancelsWhatIsNotDoneByTheDeadline() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(1);
    Files.createFile(Path.of(gate("open")));

    List<Future<String>> all =
        pool.invokeAll(
            List.of(
                new WaitForFile(gate("open")),
                new WaitForFile(gate("never")),
                new WaitForFile(gate("open"))),
            500,
            TimeUnit.MILLISECONDS);

    assertEquals(3, all.size());
    assertTrue(all.stream().allMatch(Future::isDone));
    assertEquals("passed", all.get(0).get());
    assertTrue(all.get(1).isCancelled(), "still running at the deadline: cancelled");
    assertTrue(all.get(2).isCancelled(), "queued behind it: cancelled");
  }

  @Test
  void invokeAnyOfNoTasksIsAnIllegalArgument() {
    assertThrows(
        IllegalArgumentException.class, () -> fixture.pool(1).invokeAny(List.<Callable<Long>>of()));
  }

  @Test
  void invokeAnyWithANullTaskThrows() {
    List<Callable<Long>> tasks = Arrays.asList(new Pid(), null);

    assertThrows(NullPointerException.class, () -> fixture.pool(1).invokeAny(tasks));
  }

  @Test
  void invokeAnyReturnsASuccessOrThrowsWhenAllFail() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(2);

    assertEquals(3, pool.invokeAny(List.of(new Divide(1, 0), new Divide(9, 3))));
    ExecutionException none =
        assertThrows(
            ExecutionException.class,
            () -> pool.invokeAny(List.of(new Divide(1, 0), new Divide(2, 0))));
    assertInstanceOf(ArithmeticException.class, none.getCause());
  }

  @Test
  void timedInvokeAnyThrowsTimeoutExceptionWhenNoTaskEndsInTime() {
    ProcessPoolExecutor pool = fixture.pool(1);

    assertThrows(
        TimeoutException.class,
        () -> pool.invokeAny(List.of(new WaitForFile(gate("never"))), 100, TimeUnit.MILLISECONDS));
  }

  @Test
  void aShutDownPoolRefusesTasksAndTerminatesOnceIdle() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(2);
    assertFalse(pool.isShutdown());
    assertFalse(pool.isTerminated());

    pool.shutdown();

    assertTrue(pool.isShutdown());
    assertThrows(RejectedExecutionException.class, () -> pool.submit(new Pid()));
    assertThrows(RejectedExecutionException.class, () -> pool.execute(new Mark("late")));
    assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    assertTrue(pool.isTerminated());
  }

  @Test
  void awaitTerminationReturnsFalseWhenTheTimeRunsOut() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(1);
    pool.submit(new WaitForFile(gate("never")));
    pool.shutdown();

    assertFalse(pool.awaitTermination(100, TimeUnit.MILLISECONDS));
    assertFalse(pool.isTerminated());
  }

  @Test
  void shutdownNowCancelsTheRunningTaskAndReturnsTheQueuedOnes() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(1);
    CompletableFuture<String> running = pool.submit(new WaitForFile(gate("never")));
    fixture.pidOfWorkerAtGate();
    List<CompletableFuture<Integer>> queued = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      queued.add(pool.submit(new Identity(i)));
    }

    List<Runnable> neverRan = pool.shutdownNow();

    assertEquals(3, neverRan.size());
    assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    assertThrows(CancellationException.class, running::get);
    assertTrue(queued.stream().noneMatch(CompletableFuture::isDone));
    neverRan.get(0).run(); // runs the task here, in this thread, and completes its future
    assertEquals(0, queued.get(0).get());
  }

  @Test
  void closeWhenInterruptedStopsAtOnceCancelsTheQueueAndKeepsTheInterrupt() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(1);
    CompletableFuture<String> running = pool.submit(new WaitForFile(gate("never")));
    fixture.pidOfWorkerAtGate();
    CompletableFuture<Integer> queued = pool.submit(new Identity(1));

    Thread.currentThread().interrupt();
    pool.close();

    assertTrue(Thread.interrupted(), "close() keeps the interrupt");
    assertTrue(pool.isTerminated());
    assertTrue(running.isCancelled());
    assertTrue(queued.isCancelled());
  }

  @Test
  void aTaskSubmittedFromAnInterruptedThreadRunsAndTheInterruptStays() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(1);
    long pid = pool.submit(new Pid()).get();

    Thread.currentThread().interrupt();
    CompletableFuture<Long> future = pool.submit(new Pid());
    assertTrue(Thread.interrupted());

    assertEquals(pid, future.get(), "the same worker, its connection intact");
  }

  @Test
  void invokeAllWhenInterruptedThrowsInterruptedException() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(1);
    List<Callable<String>> tasks = List.of(new WaitForFile(gate("never")));

    Thread.currentThread().interrupt();

    assertThrows(InterruptedException.class, () -> pool.invokeAll(tasks));
  }

  @Test
  void aFailingExecuteGoesToTheUncaughtExceptionHandlerOfACallbackThread() throws Exception {
    BlockingQueue<Throwable> reported = new ArrayBlockingQueue<>(1);
    ProcessPoolExecutor pool =
        fixture.pool(
            builder ->
                builder
                    .workers(1)
                    .callbackExecutor(
                        task -> {
                          Thread thread = new Thread(task, "callback");
                          thread.setUncaughtExceptionHandler((t, e) -> reported.add(e));
                          thread.start();
                        }));

    pool.execute(
        (Runnable & Serializable)
            () -> {
              throw new ArithmeticException("executed and failed");
            });

    Throwable failure = reported.poll(30, TimeUnit.SECONDS);
    assertInstanceOf(ArithmeticException.class, failure);
  }

  @Test
  void mapReturnsResultsInItemOrderWhateverTheChunkSize() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(2);
    List<Integer> items = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      items.add(i);
    }
    List<Integer> doubled = items.stream().map(x -> 2 * x).toList();

    assertEquals(doubled, pool.map(x -> 2 * x, items));
    for (int chunkSize : new int[] {1, 7, 999, 1000, 5000}) {
      assertEquals(doubled, pool.map(x -> 2 * x, items, chunkSize), "chunk size " + chunkSize);
    }
    assertEquals(List.of(), pool.map(x -> 2 * x, List.<Integer>of()));
  }

  @Test
  void mapsWithTheSameLambdaButOtherCapturedValuesGetTheirOwnResults() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(1);
    List<Long> items = List.of(1L, 2L, 3L);

    for (long add = 0; add < 5; add++) {
      long captured = add;
      List<Long> expected = items.stream().map(x -> x + captured).toList();
      assertEquals(expected, pool.map(x -> x + captured, items, 2), "adding " + add);
    }
    assertEquals(List.of(true, false), pool.map(x -> x > 1L, List.of(2L, 1L)));
    assertEquals(List.of("a!", "b!"), pool.map(x -> x + "!", List.of("a", "b")));
  }

  @Test
  void mapTakesNullItemsAsPythonsDoes() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(1);

    List<String> results = pool.map(x -> x == null ? "none" : "n" + x, Arrays.asList(1, null, 3));

    assertEquals(List.of("n1", "none", "n3"), results);
  }

  @Test
  void mapRefusesAChunkSizeBelowOneBeforeSendingAnything() {
    ProcessPoolExecutor pool = fixture.pool(1);

    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> pool.map(x -> x, List.of(1, 2), 0));

    assertEquals("chunkSize must be at least 1, not 0", refused.getMessage());
  }

  @Test
  void mapRaisesTheFailingItemsExceptionAndCancelsTheChunksLeft() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(1);
    String gate = gate("gate");
    List<String> items = List.of("fail", "wait", "b", "c");

    ExecutionException failure =
        assertThrows(
            ExecutionException.class, () -> pool.map(item -> MapItems.run(item, gate), items, 1));

    assertInstanceOf(IllegalStateException.class, failure.getCause());
    assertEquals("item fail failed", failure.getCause().getMessage());
    Files.createFile(Path.of(gate)); // let "wait" finish; "b" and "c" were cancelled
    pool.close();
    assertFalse(fixture.output.texts().contains("ran b"), fixture.output.texts().toString());
    assertFalse(fixture.output.texts().contains("ran c"), fixture.output.texts().toString());
  }

  @Test
  void everySubmitFromManyThreadsGetsItsOwnResult() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(2);
    int threads = 4;
    int perThread = 250;
    CountDownLatch start = new CountDownLatch(1);
    List<List<CompletableFuture<Integer>>> futures = new ArrayList<>();
    List<Thread> submitters = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      List<CompletableFuture<Integer>> mine = new ArrayList<>();
      futures.add(mine);
      int base = t * perThread;
      submitters.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      start.await();
                    } catch (InterruptedException e) {
                      return;
                    }
                    for (int i = 0; i < perThread; i++) {
                      mine.add(pool.submit(new Identity(base + i)));
                    }
                  }));
    }
    start.countDown();
    for (Thread submitter : submitters) {
      submitter.join();
    }

    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < perThread; i++) {
        assertEquals(t * perThread + i, futures.get(t).get(i).get());
      }
    }
  }

  /** The function of the map test: fails, waits at a gate, or prints that it ran. */
  static final class MapItems {
    private MapItems() {}

    static String run(String item, String gate) {
      if (item.equals("fail")) {
        throw new IllegalStateException("item fail failed");
      }
      if (item.equals("wait")) {
        try {
          new WaitForFile(gate).call();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      System.out.println("ran " + item);
      return item;
    }
  }
}
