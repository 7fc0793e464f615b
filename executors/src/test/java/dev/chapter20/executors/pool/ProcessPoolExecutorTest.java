package dev.chapter20.executors.pool;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.chapter20.common.ChapterTasks;
import dev.chapter20.common.RecordingSink;
import dev.chapter20.common.process.ChildJvm;
import dev.chapter20.common.process.JvmLauncher;
import dev.chapter20.common.process.PrivateFolder;
import dev.chapter20.executors.Divide;
import dev.chapter20.executors.PrintTask;
import dev.chapter20.executors.Square;
import dev.chapter20.executors.pool.TestTasks.Exit;
import dev.chapter20.executors.pool.TestTasks.Mark;
import dev.chapter20.executors.pool.TestTasks.Pid;
import dev.chapter20.executors.pool.TestTasks.PlainClassTask;
import dev.chapter20.executors.pool.TestTasks.ReturnObject;
import dev.chapter20.executors.pool.TestTasks.ThrowUntravellable;
import dev.chapter20.executors.pool.TestTasks.WaitForFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What a process pool does when tasks and workers behave: where tasks run, what comes back. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProcessPoolExecutorTest {

  @RegisterExtension final PoolFixture fixture = new PoolFixture();

  private final RecordingSink output = fixture.output;
  private final List<Long> workersSeen = new ArrayList<>();

  /** A pool that allows the JDK's value types and the examples' and tests' classes. */
  private ProcessPoolExecutor pool(int workers) {
    ProcessPoolExecutor pool = fixture.pool(workers);
    workersSeen.addAll(pool.workerPids());
    return pool;
  }

  private boolean alive(long pid) {
    return PoolFixture.alive(pid);
  }

  @Test
  void tasksRunInTheWorkerProcessesNotInThisOne() throws Exception {
    try (ProcessPoolExecutor pool = pool(2)) {
      Set<Long> pids = new HashSet<>();
      for (int i = 0; i < 20; i++) {
        pids.add(pool.submit(new Pid()).get());
      }
      assertFalse(pids.contains(ProcessHandle.current().pid()));
      assertTrue(pool.workerPids().containsAll(pids), pids + " not in " + pool.workerPids());
    }
  }

  @Test
  void whatATaskPrintsReachesTheOutputSinkInOrder() {
    try (ProcessPoolExecutor pool = pool(1)) {
      pool.submit(PrintTask.NUMBERS);
    } // close() waits for the worker, and so for its last line

    List<String> printed = output.textsFrom("worker-1-stdout");
    assertTrue(printed.get(0).startsWith("pid "), printed.toString());
    assertEquals(ChapterTasks.NUMBERS, printed.subList(1, printed.size()));
  }

  @Test
  void anExceptionInATaskFailsItsFutureWithTheRemoteTypeMessageAndStack() throws Exception {
    try (ProcessPoolExecutor pool = pool(1)) {
      ExecutionException failure =
          assertThrows(ExecutionException.class, () -> pool.submit(new Divide(1, 0)).get());

      ArithmeticException cause = assertInstanceOf(ArithmeticException.class, failure.getCause());
      assertEquals("/ by zero", cause.getMessage());
      assertEquals(Divide.class.getName(), cause.getStackTrace()[0].getClassName());
      assertEquals(7, pool.submit(new Divide(14, 2)).get(), "the worker survives");
    }
  }

  @Test
  void anExceptionThatCannotTravelArrivesAsARemoteTaskExceptionWithItsStack() {
    try (ProcessPoolExecutor pool = pool(1)) {
      ExecutionException failure =
          assertThrows(ExecutionException.class, () -> pool.submit(new ThrowUntravellable()).get());

      RemoteTaskException cause = assertInstanceOf(RemoteTaskException.class, failure.getCause());
      assertTrue(cause.getMessage().contains("HoldingException: cannot come back as itself"));
      assertTrue(
          Arrays.stream(cause.getStackTrace())
              .anyMatch(frame -> frame.getClassName().endsWith("ThrowUntravellable")));
    }
  }

  @Test
  void aResultThatCannotTravelFailsItsTaskWithAClearMessage() {
    try (ProcessPoolExecutor pool = pool(1)) {
      ExecutionException failure =
          assertThrows(ExecutionException.class, () -> pool.submit(new ReturnObject()).get());

      assertTrue(
          failure.getCause().getMessage().startsWith("the result, a java.lang.Object, cannot"),
          failure.getCause().getMessage());
    }
  }

  @Test
  void aTaskThatCannotTravelIsRefusedAtSubmitWithTheReason() {
    Thread notSerializable = Thread.currentThread();
    try (ProcessPoolExecutor pool = fixture.pool(builder -> builder.workers(1).allowPackages())) {
      RejectedExecutionException lambda =
          assertThrows(
              RejectedExecutionException.class,
              () -> pool.submit((Callable<String>) notSerializable::getName));
      assertTrue(
          lambda.getMessage().contains("whose type is not Serializable"), lambda.getMessage());

      RejectedExecutionException plain =
          assertThrows(RejectedExecutionException.class, () -> pool.submit(new PlainClassTask()));
      assertTrue(plain.getMessage().contains("not on the allow list"), plain.getMessage());
      RejectedExecutionException record =
          assertThrows(RejectedExecutionException.class, () -> pool.submit(new Pid()));
      assertTrue(record.getMessage().contains("Pid is not on the allow list"), record.getMessage());
    }
  }

  @Test
  void aClassFromAnAllowedPackageTravels() throws Exception {
    try (ProcessPoolExecutor pool = pool(1)) {
      assertEquals("plain", pool.submit(new PlainClassTask()).get());
    }
  }

  @Test
  void aWorkerThatExitsFailsItsTaskAndIsReplaced() throws Exception {
    try (ProcessPoolExecutor pool = pool(1)) {
      long first = pool.workerPids().get(0);

      ExecutionException failure =
          assertThrows(ExecutionException.class, () -> pool.submit(new Exit(3)).get());

      WorkerDiedException died = assertInstanceOf(WorkerDiedException.class, failure.getCause());
      assertTrue(died.getMessage().contains("(pid " + first + ")"), died.getMessage());
      assertTrue(died.getMessage().contains("exited with code 3"), died.getMessage());
      long replacement = pool.submit(new Pid()).get();
      workersSeen.add(replacement);
      assertNotEquals(first, replacement);
      assertFalse(alive(first));
    }
  }

  @Test
  void aKilledWorkerFailsTheTaskItWasRunningAndThePoolCarriesOn(@TempDir Path dir)
      throws Exception {
    try (ProcessPoolExecutor pool = pool(2)) {
      Future<String> waiting = pool.submit(new WaitForFile(dir.resolve("never").toString()));
      long victim = fixture.pidOfWorkerAtGate();

      ProcessHandle.of(victim).orElseThrow().destroyForcibly();

      ExecutionException failure = assertThrows(ExecutionException.class, waiting::get);
      WorkerDiedException died = assertInstanceOf(WorkerDiedException.class, failure.getCause());
      assertTrue(died.getMessage().contains("(pid " + victim + ")"), died.getMessage());
      assertTrue(died.getMessage().contains("WaitForFile"), died.getMessage());
      for (int i = 0; i < 4; i++) {
        workersSeen.add(pool.submit(new Pid()).get());
      }
      assertFalse(pool.workerPids().contains(victim));
    }
  }

  @Test
  void aCancelledTaskThatWasStillQueuedNeverRuns(@TempDir Path dir) throws Exception {
    Path gate = dir.resolve("gate");
    try (ProcessPoolExecutor pool = pool(1)) {
      Future<String> blocker = pool.submit(new WaitForFile(gate.toString()));
      Future<?> queued = pool.submit(new Mark("the cancelled task ran"));

      assertTrue(queued.cancel(false));
      Files.createFile(gate);

      assertEquals("passed", blocker.get());
      assertEquals(7, pool.submit(new Divide(7, 1)).get()); // ran after the cancelled one's turn
      assertTrue(queued.isCancelled());
    }
    assertFalse(output.texts().contains("the cancelled task ran"));
  }

  @Test
  void closeRunsEveryQueuedTaskThenStopsEveryWorker() throws Exception {
    List<Future<String>> results = new ArrayList<>();
    ProcessPoolExecutor pool = pool(2);
    for (int i = 0; i < 50; i++) {
      results.add(pool.submit(new Square(i)));
    }

    pool.close();

    assertTrue(pool.isTerminated());
    for (int i = 0; i < 50; i++) {
      assertTrue(results.get(i).get().startsWith(i + " squared is " + i * i));
    }
    assertTrue(workersSeen.stream().noneMatch(this::alive));
  }

  @Test
  void workersDieWithTheirParentWhenItIsKilledAndTakeItsSocketFolderWithThem() throws Exception {
    ChildJvm parent = JvmLauncher.forMain(PoolParent.class).start();
    List<Long> pids;
    Path folder;
    try {
      BufferedReader lines =
          new BufferedReader(new InputStreamReader(parent.stdout(), StandardCharsets.UTF_8));
      String line = lines.readLine();
      pids =
          Arrays.stream(line.substring(1, line.length() - 1).split(", "))
              .map(Long::valueOf)
              .toList();
      folder = Path.of(lines.readLine());
      workersSeen.addAll(pids);
      assertTrue(pids.stream().allMatch(this::alive));
      assertTrue(Files.isDirectory(folder));
      ProcessHandle.of(parent.pid()).ifPresent(ProcessHandle::destroyForcibly); // kill -9, it alone
      assertTrue(parent.awaitExit(Duration.ofSeconds(10))); // before close() could kill the workers
    } finally {
      parent.close(); // and whatever is left, if an assertion failed
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> pids.stream().noneMatch(this::alive));
    await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(folder));
  }

  @Test
  void ctrlCOnThePoolsJvmLeavesNoWorkerAndNoSocketFolder() throws Exception {
    try (ChildJvm parent = JvmLauncher.forMain(PoolParent.class).start()) {
      BufferedReader lines =
          new BufferedReader(new InputStreamReader(parent.stdout(), StandardCharsets.UTF_8));
      List<Long> pids =
          Arrays.stream(lines.readLine().replaceAll("[\\[\\]]", "").split(", "))
              .map(Long::valueOf)
              .toList();
      workersSeen.addAll(pids);
      Path folder = Path.of(lines.readLine());
      assumeFalse(
          ignoresSigint(parent.pid()),
          "SIGINT is ignored in this process tree (a shell's background job without job control"
              + " ignores it, and children inherit that): Ctrl-C cannot reach the pool's JVM");

      Process interrupt =
          new ProcessBuilder("kill", "-INT", Long.toString(parent.pid())).inheritIO().start();
      assertEquals(0, interrupt.waitFor());

      assertEquals(130, parent.waitFor(Duration.ofSeconds(30)), "128 + SIGINT");
      assertFalse(Files.exists(folder), folder + " is left"); // deleted by a shutdown hook
      await().atMost(Duration.ofSeconds(10)).until(() -> pids.stream().noneMatch(this::alive));
    }
  }

  /** Whether process {@code pid} ignores SIGINT (Linux: bit 1 of {@code SigIgn}, signal 2). */
  private static boolean ignoresSigint(long pid) throws IOException {
    Path status = Path.of("/proc", Long.toString(pid), "status");
    if (!Files.exists(status)) {
      return false; // not Linux: assume it does not, as a terminal's foreground job does not
    }
    for (String line : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & 0x2) != 0;
      }
    }
    return false;
  }

  @Test
  void aPoolWhoseJvmExitsWithoutCloseLeavesNoSocketFolder() throws Exception {
    try (ChildJvm parent = JvmLauncher.forMain(PoolParent.class).args("exit").start()) {
      BufferedReader lines =
          new BufferedReader(new InputStreamReader(parent.stdout(), StandardCharsets.UTF_8));
      workersSeen.addAll(
          Arrays.stream(lines.readLine().replaceAll("[\\[\\]]", "").split(", "))
              .map(Long::valueOf)
              .toList());
      Path folder = Path.of(lines.readLine());

      assertEquals(0, parent.waitFor(Duration.ofSeconds(30)));
      assertFalse(Files.exists(folder), folder + " is left");
    }
  }

  @Test
  void aNewPoolRemovesTheSocketFolderAKilledPoolLeft() throws Exception {
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();
    Path left =
        PrivateFolder.createNew(
            Path.of(
                System.getProperty("java.io.tmpdir"),
                "chapter20-pool-" + ended.pid() + "-leftover"));
    Files.createFile(left.resolve("worker-1.sock"));

    pool(1);

    await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(left));
  }
}
