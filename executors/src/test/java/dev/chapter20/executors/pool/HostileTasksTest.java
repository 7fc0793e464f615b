package dev.chapter20.executors.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.executors.pool.TestTasks.BigResult;
import dev.chapter20.executors.pool.TestTasks.ChildProcessPrints;
import dev.chapter20.executors.pool.TestTasks.DeepResult;
import dev.chapter20.executors.pool.TestTasks.ExitWithBadToString;
import dev.chapter20.executors.pool.TestTasks.Halt;
import dev.chapter20.executors.pool.TestTasks.LeaveInterrupted;
import dev.chapter20.executors.pool.TestTasks.Pid;
import dev.chapter20.executors.pool.TestTasks.PrintRawThenReturn;
import dev.chapter20.executors.pool.TestTasks.ReadStdin;
import dev.chapter20.executors.pool.TestTasks.ReturnBrittle;
import dev.chapter20.executors.pool.TestTasks.StartEndlessThread;
import dev.chapter20.executors.pool.TestTasks.ThrowError;
import dev.chapter20.executors.pool.TestTasks.WaitForFile;
import dev.chapter20.executors.pool.wire.MessageLimits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a process pool does with tasks that misbehave: each one's future ends with a result or a
 * reported failure, no other task's future is disturbed, and the pool still closes.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HostileTasksTest {

  @RegisterExtension final PoolFixture fixture = new PoolFixture();

  @Test
  void bytesWrittenStraightToStdoutOrStderrNeverReachAnotherTasksFuture() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(2);
    List<CompletableFuture<Integer>> futures = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      byte[] junk = PrintRawThenReturn.frameLikeJunk(i);
      futures.add(pool.submit(new PrintRawThenReturn(i, junk, i % 2 == 0)));
    }

    for (int i = 0; i < 200; i++) {
      assertEquals(i, futures.get(i).get(), "task " + i);
    }
  }

  @Test
  void textATaskWritesToFileDescriptorOneIsRelayedAsLines() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(1);
    byte[] text = "written to fd 1, ünïcödé\n".getBytes(StandardCharsets.UTF_8);

    assertEquals(7, pool.submit(new PrintRawThenReturn(7, text, false)).get());
    pool.close(); // the relay has passed on every line once the worker has exited

    assertEquals(List.of("written to fd 1, ünïcödé"), fixture.output.textsFrom("worker-1-stdout"));
  }

  @Test
  void aChildProcessThatInheritsTheWorkersStdoutCannotCorruptTheReplies() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(1);

    assertEquals(0, pool.submit(new ChildProcessPrints()).get());
    assertEquals(6, pool.submit(new PrintRawThenReturn(6, new byte[0], false)).get());
    pool.close();

    List<String> printed = fixture.output.textsFrom("worker-1-stdout");
    assertTrue(
        printed.stream().anyMatch(line -> line.contains(Runtime.version().feature() + ".")),
        printed.toString());
  }

  @Test
  void aResultOverTheFrameLimitFailsItsTaskAndTheWorkerCarriesOn() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(1);

    ExecutionException failure =
        assertThrows(
            ExecutionException.class,
            () -> pool.submit(new BigResult(MessageLimits.MAX_BYTES - 10)).get());

    RemoteTaskException cause = assertInstanceOf(RemoteTaskException.class, failure.getCause());
    assertTrue(
        cause.getMessage().startsWith("the result, a [B, cannot travel back"), cause.getMessage());
    assertTrue(cause.getMessage().contains("larger than the limit of"), cause.getMessage());
    long pid = pool.workerPids().get(0);
    assertEquals(pid, pool.submit(new Pid()).get(), "the same worker answers");
  }

  @Test
  void aResultNestedDeeperThanTheLimitFailsItsTaskWithTheReason() {
    ProcessPoolExecutor pool = fixture.pool(1);
    int limit = MessageLimits.DEFAULT.maxDepth();

    ExecutionException failure =
        assertThrows(ExecutionException.class, () -> pool.submit(new DeepResult(limit + 10)).get());

    assertInstanceOf(RemoteTaskException.class, failure.getCause());
    assertTrue(
        failure.getCause().getMessage().contains("nested deeper than the limit of " + limit),
        failure.getCause().getMessage());
  }

  @Test
  void aResultJustWithinTheDepthLimitTravels() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(1);
    int depth = MessageLimits.DEFAULT.maxDepth() - 10;

    assertEquals(depth - 1, pool.submit(new DeepResult(depth)).get().value());
  }

  @Test
  void aTaskThatThrowsAnErrorFailsItsFutureWithThatError() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(1);

    ExecutionException failure =
        assertThrows(ExecutionException.class, () -> pool.submit(new ThrowError("boom")).get());

    AssertionError cause = assertInstanceOf(AssertionError.class, failure.getCause());
    assertEquals("boom", cause.getMessage());
    assertEquals("interrupted", pool.submit(new LeaveInterrupted()).get());
  }

  @Test
  void aTaskThatLeavesItsThreadInterruptedDoesNotBreakTheWorker() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(1);
    long pid = pool.workerPids().get(0);

    assertEquals("interrupted", pool.submit(new LeaveInterrupted()).get());

    assertEquals(pid, pool.submit(new Pid()).get());
  }

  @Test
  void aTaskThatHaltsItsWorkerFailsWithWorkerDiedException() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(1);
    long pid = pool.workerPids().get(0);

    ExecutionException failure =
        assertThrows(ExecutionException.class, () -> pool.submit(new Halt()).get());

    WorkerDiedException died = assertInstanceOf(WorkerDiedException.class, failure.getCause());
    assertTrue(
        died.getMessage().contains("(pid " + pid + ") exited with code 0"), died.getMessage());
    assertTrue(died.getMessage().endsWith("while running Halt[]"), died.getMessage());
    assertTrue(pool.submit(new Pid()).get() != pid, "a new worker answers");
  }

  @Test
  void aTaskWhoseToStringThrowsIsStillReportedWhenItKillsItsWorker() {
    ProcessPoolExecutor pool = fixture.pool(1);

    ExecutionException failure =
        assertThrows(ExecutionException.class, () -> pool.submit(new ExitWithBadToString(4)).get());

    WorkerDiedException died = assertInstanceOf(WorkerDiedException.class, failure.getCause());
    assertTrue(
        died.getMessage().contains("ExitWithBadToString (its toString() threw"), died.getMessage());
  }

  @Test
  void aReplyThatThrowsWhileBeingRebuiltFailsOnlyItsOwnTask() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(1);

    for (String failure : List.of("class cast", "oom")) {
      ExecutionException thrown =
          assertThrows(
              ExecutionException.class, () -> pool.submit(new ReturnBrittle(failure)).get());
      RemoteTaskException cause = assertInstanceOf(RemoteTaskException.class, thrown.getCause());
      assertTrue(cause.getMessage().contains("could not be read"), cause.getMessage());
      assertTrue(cause.getMessage().contains("simulated"), cause.getMessage());
    }
    assertEquals("interrupted", pool.submit(new LeaveInterrupted()).get(), "the reply loop lives");
  }

  @Test
  void aTaskThatReadsStandardInputSeesItsEnd() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(1);

    assertEquals(-1, pool.submit(new ReadStdin()).get());
  }

  @Test
  void aThreadATaskLeftRunningDoesNotKeepItsWorkerAlive() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(1);
    assertEquals("started", pool.submit(new StartEndlessThread()).get());

    pool.shutdown();

    assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS));
    assertFalse(PoolFixture.anyWorkerRunning());
  }

  @Test
  void aTaskThatNeverEndsIsCancelledByShutdownNow(@TempDir Path dir) throws Exception {
    ProcessPoolExecutor pool = fixture.pool(1);
    CompletableFuture<String> endless =
        pool.submit(new WaitForFile(dir.resolve("never").toString()));
    fixture.pidOfWorkerAtGate();

    pool.shutdownNow();

    assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS));
    assertThrows(CancellationException.class, endless::get);
  }
}
