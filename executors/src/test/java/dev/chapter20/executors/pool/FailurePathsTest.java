package dev.chapter20.executors.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.executors.Divide;
import dev.chapter20.executors.Identity;
import dev.chapter20.executors.pool.TestTasks.Carry;
import dev.chapter20.executors.pool.TestTasks.Chain;
import dev.chapter20.executors.pool.TestTasks.Exit;
import dev.chapter20.executors.pool.TestTasks.Pid;
import dev.chapter20.executors.pool.wire.MessageLimits;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pool's own failure paths: workers that die at awkward moments, pools that break, shutdowns
 * that race, tasks refused at {@code submit}, and workers that break the protocol. Every future
 * ends, every refusal says why, and every pool terminates.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FailurePathsTest {

  @RegisterExtension final PoolFixture fixture = new PoolFixture();

  @Test
  void aTaskSentToAWorkerThatHadAlreadyDiedRunsElsewhereAndIsNotBlamed() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(1);
    long first = pool.submit(new Pid()).get(); // connected and idle

    ProcessHandle victim = ProcessHandle.of(first).orElseThrow();
    victim.destroyForcibly();
    victim.onExit().get(10, TimeUnit.SECONDS);
    long answer = pool.submit(new Pid()).get(); // its reply loop may not have noticed yet

    assertNotEquals(first, answer);
  }

  @Test
  void aWorkerThatDiesIdleDuringShutdownStillLetsThePoolTerminate() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(1);
    long pid = pool.submit(new Pid()).get();

    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    pool.shutdown();

    assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    assertFalse(PoolFixture.alive(pid));
  }

  @Test
  void everyFutureEndsWhenShutdownNowRacesSubmit() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(2);
    List<CompletableFuture<Integer>> futures = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch submitting = new CountDownLatch(3);
    List<Thread> submitters = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      submitters.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    submitting.countDown();
                    try {
                      for (int i = 0; ; i++) {
                        futures.add(pool.submit(new Identity(i)));
                      }
                    } catch (RejectedExecutionException e) {
                      // the pool is shut down: stop
                    }
                  }));
    }
    submitting.await();
    while (futures.size() < 200) {
      Thread.onSpinWait();
    }

    List<Runnable> neverRan = pool.shutdownNow();
    for (Thread submitter : submitters) {
      submitter.join();
    }

    assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    neverRan.forEach(Runnable::run); // a task shutdownNow returned runs here, and ends its future
    for (CompletableFuture<Integer> future : futures) {
      assertTrue(future.isDone(), "a future never ended");
    }
  }

  /**
   * A pool of one worker whose JVM options are read from {@code options} (a java {@code @argfile})
   * at every start: rewriting the file makes the next worker's start fail.
   */
  private ProcessPoolExecutor poolWithOptionsFile(Path options, String content) throws IOException {
    Files.writeString(options, content);
    return fixture.pool(builder -> builder.workers(1).workerJvmOptions("@" + options));
  }

  @Test
  void aPoolWhoseWorkersCannotBeReplacedBreaksAndSaysWhy(@TempDir Path dir) throws Exception {
    Path options = dir.resolve("worker-options");
    ProcessPoolExecutor pool = poolWithOptionsFile(options, "-Dchapter20.test=ok");
    assertEquals(2, pool.submit(new Divide(4, 2)).get());

    Files.writeString(options, "-XX:+NoSuchOptionInAnyJvm");
    ExecutionException died =
        assertThrows(ExecutionException.class, () -> pool.submit(new Exit(3)).get());
    assertInstanceOf(WorkerDiedException.class, died.getCause());

    assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "a broken pool terminates");
    assertTrue(pool.isShutdown());
    RejectedExecutionException refused =
        assertThrows(RejectedExecutionException.class, () -> pool.submit(new Pid()));
    assertTrue(refused.getMessage().startsWith("the pool is broken: "), refused.getMessage());
    assertTrue(refused.getMessage().contains("NoSuchOptionInAnyJvm"), refused.getMessage());
  }

  @Test
  void tasksQueuedWhenThePoolBreaksFailWithTheReason(@TempDir Path dir) throws Exception {
    ProcessPoolExecutor pool =
        poolWithOptionsFile(dir.resolve("worker-options"), "-XX:+NoSuchOptionInAnyJvm");
    CompletableFuture<Long> queued = pool.submit(new Pid());

    ExecutionException failure = assertThrows(ExecutionException.class, queued::get);
    RejectedExecutionException cause =
        assertInstanceOf(RejectedExecutionException.class, failure.getCause());
    assertTrue(cause.getMessage().contains("before it connected"), cause.getMessage());
    assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
  }

  @Test
  void aTaskOverTheSizeLimitIsRefusedAtSubmit() {
    ProcessPoolExecutor pool = fixture.pool(builder -> builder.workers(1));

    RejectedExecutionException refused =
        assertThrows(
            RejectedExecutionException.class,
            () -> pool.submit(new Carry(new byte[MessageLimits.MAX_BYTES])));

    assertTrue(refused.getMessage().contains("larger than the limit of"), refused.getMessage());
  }

  @Test
  void aTaskNestedDeeperThanTheLimitIsRefusedAtSubmitAndOneJustWithinItRuns() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(1);
    int limit = MessageLimits.DEFAULT.maxDepth();

    RejectedExecutionException refused =
        assertThrows(
            RejectedExecutionException.class,
            () -> pool.submit(new Carry(Chain.ofDepth(limit + 1))));
    assertTrue(refused.getMessage().contains("nested deeper than the limit"), refused.getMessage());

    int ran = 0;
    for (int depth = limit - 12; depth <= limit; depth++) { // accepted here, so accepted there
      try {
        pool.submit(new Carry(Chain.ofDepth(depth))).get();
        ran++;
      } catch (RejectedExecutionException e) {
        assertTrue(e.getMessage().contains("nested deeper"), e.getMessage()); // refused: fine
      }
    }
    assertTrue(ran > 0, "no depth within the limit ran");
  }

  @Test
  void aTaskTooDeepToSerializeIsRefusedNotAStackOverflow() {
    ProcessPoolExecutor pool =
        fixture.pool(
            builder -> builder.workers(1).limits(MessageLimits.DEFAULT.withMaxDepth(1 << 30)));

    RejectedExecutionException refused =
        assertThrows(
            RejectedExecutionException.class,
            () -> pool.submit(new Carry(Chain.ofDepth(1_000_000))));

    assertTrue(refused.getMessage().contains("nested too deeply"), refused.getMessage());
  }

  @Test
  void aTaskWithMoreObjectsThanTheLimitIsRefusedAtSubmit() throws Exception {
    MessageLimits limits = MessageLimits.DEFAULT.withMaxObjects(1_000);
    ProcessPoolExecutor pool = fixture.pool(builder -> builder.workers(1).limits(limits));

    RejectedExecutionException refused =
        assertThrows(
            RejectedExecutionException.class,
            () -> pool.submit(new Carry(TestTasks.integers(2_000))));

    assertTrue(refused.getMessage().contains("more than the limit of 1000"), refused.getMessage());
    assertEquals(500, pool.submit(new Carry(TestTasks.integers(500))).get());
  }

  @Test
  void aTaskWithAnArrayOverTheLimitIsRefusedAtSubmitEvenInsideAList() throws Exception {
    MessageLimits limits = MessageLimits.DEFAULT.withMaxArrayLength(100);
    ProcessPoolExecutor pool = fixture.pool(builder -> builder.workers(1).limits(limits));

    RejectedExecutionException array =
        assertThrows(RejectedExecutionException.class, () -> pool.submit(new Carry(new int[101])));
    assertTrue(array.getMessage().contains("array of 101 elements"), array.getMessage());
    // The worker would rebuild this list's 101 elements in an array of 101: refused here too.
    RejectedExecutionException list =
        assertThrows(
            RejectedExecutionException.class,
            () -> pool.submit(new Carry(TestTasks.integers(101))));
    assertTrue(list.getMessage().contains("array of 101 elements"), list.getMessage());

    assertEquals(100, pool.submit(new Carry(new int[100])).get(), "at the limit it travels");
    assertEquals(100, pool.submit(new Carry(TestTasks.integers(100))).get());
  }

  @Test
  void aTaskThatIsNotSerializableIsRefusedWithTheReason() {
    ProcessPoolExecutor pool = fixture.pool(1);
    Object notSerializable = new Object();

    RejectedExecutionException field =
        assertThrows(
            RejectedExecutionException.class, () -> pool.submit(new Carry(notSerializable)));
    assertTrue(
        field.getMessage().contains("java.lang.Object does not implement Serializable"),
        field.getMessage());

    RejectedExecutionException lambda =
        assertThrows(
            RejectedExecutionException.class, () -> pool.submit((Callable<Integer>) () -> 1));
    assertTrue(lambda.getMessage().contains("a lambda"), lambda.getMessage());
    assertTrue(lambda.getMessage().contains("(Callable<T> & Serializable)"), lambda.getMessage());
  }

  @Test
  void aLambdaWithASerializableTypeTravels() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(1);

    assertEquals(1, pool.submit((Callable<Integer> & Serializable) () -> 1).get());
  }

  @Test
  void aWorkerThatReplaysAnEarlierReplyFailsTheTaskInsteadOfMisdelivering() throws Exception {
    ProcessPoolExecutor pool = misbehaving("replay");

    assertEquals(11, pool.submit(new Identity(11)).get());
    ExecutionException failure =
        assertThrows(ExecutionException.class, () -> pool.submit(new Identity(22)).get());

    WorkerDiedException broke = assertInstanceOf(WorkerDiedException.class, failure.getCause());
    assertTrue(broke.getMessage().contains("broke the pool's protocol"), broke.getMessage());
    assertTrue(
        broke.getMessage().contains("a reply to request 1 arrived for request 2"),
        broke.getMessage());
  }

  @Test
  void aWorkerThatAnswersUnderAnotherSequenceNumberFailsTheTask() {
    ProcessPoolExecutor pool = misbehaving("ahead");

    ExecutionException failure =
        assertThrows(ExecutionException.class, () -> pool.submit(new Identity(5)).get());

    assertInstanceOf(WorkerDiedException.class, failure.getCause());
    assertTrue(
        failure.getCause().getMessage().contains("a reply to request 2 arrived for request 1"));
  }

  /** A pool of one worker running {@link MisbehavingWorker} in {@code mode}. */
  private ProcessPoolExecutor misbehaving(String mode) {
    return fixture.pool(
        builder ->
            builder
                .workers(1)
                .workerMain(MisbehavingWorker.class)
                .workerJvmOptions("-Dmode=" + mode));
  }
}
