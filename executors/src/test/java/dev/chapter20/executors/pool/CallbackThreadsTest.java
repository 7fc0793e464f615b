package dev.chapter20.executors.pool;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.executors.Identity;
import dev.chapter20.executors.pool.TestTasks.Pid;
import dev.chapter20.executors.pool.TestTasks.WaitForFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A future's dependent actions run on the pool's callback threads, never on the threads that read
 * the workers' replies: a callback may block, submit and wait, or close the pool, and an interrupt
 * it leaves behind stays on its own thread.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CallbackThreadsTest {

  @RegisterExtension final PoolFixture fixture = new PoolFixture();

  @Test
  void aCallbackRunsOnACallbackThreadNotOnTheThreadThatReadTheReply(@TempDir Path dir)
      throws Exception {
    ProcessPoolExecutor pool = fixture.pool(1);
    Path gate = dir.resolve("gate");
    CompletableFuture<String> task = pool.submit(new WaitForFile(gate.toString()));
    CompletableFuture<String> thread = task.thenApply(result -> Thread.currentThread().getName());
    fixture.pidOfWorkerAtGate(); // the callback was added before the task ended

    Files.createFile(gate);

    assertTrue(thread.get().startsWith("pool-callback-"), thread.get());
  }

  @Test
  void aCallbackMaySubmitATaskAndWaitForIt() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(2);

    CompletableFuture<Integer> both =
        pool.submit(new Identity(20))
            .thenApply(
                first -> {
                  try {
                    return first + pool.submit(new Identity(22)).get();
                  } catch (InterruptedException | ExecutionException e) {
                    throw new IllegalStateException(e);
                  }
                });

    assertEquals(42, both.get());
  }

  @Test
  void closeFromACallbackReturnsAndThePoolTerminates() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(1);

    CompletableFuture<Void> closed = pool.submit(new Pid()).thenRun(pool::close);

    closed.get();
    assertTrue(pool.isTerminated());
  }

  @Test
  void closeFromTheOutputSinkFailsAtOnceAndShutdownWorks() throws Exception {
    List<RuntimeException> refused = new java.util.concurrent.CopyOnWriteArrayList<>();
    ProcessPoolExecutor[] holder = new ProcessPoolExecutor[1];
    ProcessPoolExecutor pool =
        fixture.pool(
            builder ->
                builder
                    .workers(1)
                    .output(
                        line -> {
                          try {
                            holder[0].close();
                          } catch (IllegalStateException e) {
                            refused.add(e);
                            holder[0].shutdown();
                          }
                        }));
    holder[0] = pool;

    pool.submit(new TestTasks.Mark("a line for the sink")).get();

    assertTrue(pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS));
    assertFalse(refused.isEmpty(), "close() from the sink was refused");
  }

  @Test
  void anInterruptOfThePoolsThreadIsClearedNotObeyed() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(1);
    long pid = pool.submit(new Pid()).get();
    Thread reader = poolThread("worker-1-");

    reader.interrupt(); // what a callback that ran there and left its thread interrupted did

    await().atMost(Duration.ofSeconds(10)).until(() -> !reader.isInterrupted());
    assertEquals(pid, pool.submit(new Pid()).get(), "the same worker, its connection intact");
  }

  @Test
  void aCallbackThatLeavesItsThreadInterruptedTouchesNoThreadOfThePool() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(1);

    Thread ran = pool.submit(new Pid()).thenApply(pid -> interruptAndReturnThread()).get();

    assertFalse(ran.getName().startsWith("worker-"), ran.getName());
    assertFalse(poolThread("worker-1-").isInterrupted());
  }

  @Test
  void dependentActionsOfAllOfRunOffThePoolToo() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(2);
    CompletableFuture<Integer> a = pool.submit(new Identity(1));
    CompletableFuture<Integer> b = pool.submit(new Identity(2));

    String thread =
        CompletableFuture.allOf(a, b).thenApply(done -> Thread.currentThread().getName()).get();

    assertFalse(thread.startsWith("worker-"), thread);
    assertThrows(UnsupportedOperationException.class, () -> a.obtrudeValue(3));
  }

  private static Thread interruptAndReturnThread() {
    Thread.currentThread().interrupt();
    return Thread.currentThread();
  }

  /** The pool's thread that reads a worker's replies, found by the start of its name. */
  private static Thread poolThread(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().startsWith(prefix))
        .filter(thread -> !thread.getName().endsWith("-stdout"))
        .filter(thread -> !thread.getName().endsWith("-stderr"))
        .findFirst()
        .orElseThrow();
  }
}
