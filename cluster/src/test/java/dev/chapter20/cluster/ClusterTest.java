package dev.chapter20.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import dev.chapter20.cluster.TestTasks.Pid;
import dev.chapter20.cluster.members.ClusterSession;
import dev.chapter20.common.ChapterTasks;
import dev.chapter20.common.RecordingSink;
import dev.chapter20.common.process.ChildJvm;
import dev.chapter20.executors.Divide;
import dev.chapter20.executors.Primes;
import dev.chapter20.executors.Range;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One local cluster of two member JVMs, shared by the tests that only send it tasks. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClusterTest {

  private final RecordingSink output = new RecordingSink();
  private ClusterSession cluster;
  private HazelcastInstance client;
  private List<Long> memberPids;

  @BeforeAll
  void startTwoMembers() throws Exception {
    cluster = ClusterSession.local();
    try {
      client = cluster.connect(output);
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
    memberPids =
        cluster.localCluster().orElseThrow().members().stream().map(ChildJvm::pid).toList();
  }

  @AfterAll
  void noMemberIsLeftRunning() {
    cluster.close();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> memberPids.stream().noneMatch(ClusterTest::alive));
  }

  static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  @Test
  void twoMembersFormOneClusterAndEachRunsTasksInItsOwnProcess() throws Exception {
    assertEquals(2, client.getCluster().getMembers().size());
    IExecutorService executor = client.getExecutorService("test");

    Set<Long> pids = new HashSet<>();
    for (Future<Long> pid : executor.submitToAllMembers(new Pid()).values()) {
      pids.add(pid.get(30, TimeUnit.SECONDS));
    }

    assertEquals(Set.copyOf(memberPids), pids);
    assertTrue(memberPids.stream().allMatch(ClusterTest::alive));
  }

  @Test
  void theChaptersTwoTasksPrintOnTheMembersInTheirOwnOrder() throws Exception {
    RecordingSink printed = new RecordingSink();

    TwoTasksOnCluster.run(cluster, printed);

    assertEquals(ChapterTasks.NUMBERS, printed.textsAmong(ChapterTasks.NUMBERS));
    assertEquals(ChapterTasks.LETTERS, printed.textsAmong(ChapterTasks.LETTERS));
    List<String> texts = printed.texts();
    assertEquals("both tasks have finished", texts.get(texts.size() - 1), "output came first");
  }

  @Test
  void resultsAreGatheredInTheOrderTheTasksWereSent() throws Exception {
    List<Long> expected = new ArrayList<>();
    for (Range chunk : Range.split(2, GatherInOrder.LIMIT, GatherInOrder.CHUNKS)) {
      expected.add(Primes.countIn(chunk));
    }

    assertEquals(expected, GatherInOrder.run(cluster, new RecordingSink()));
  }

  @Test
  void aTaskThatThrowsFailsItsFutureWithTheMembersExceptionAndStack() throws Exception {
    Throwable remote = ExceptionFromMember.run(cluster, new RecordingSink());

    ArithmeticException cause = assertInstanceOf(ArithmeticException.class, remote);
    assertEquals("/ by zero", cause.getMessage());
    assertEquals("dev.chapter20.executors.Divide", cause.getStackTrace()[0].getClassName());
  }

  @Test
  void aTaskClassTheMembersDoNotHaveFailsWithAOneLineExplanation(@TempDir Path folder)
      throws Exception {
    Callable<?> unshipped = compileUnshippedTask(folder);
    IExecutorService executor = client.getExecutorService("test");

    Exception failure =
        assertThrows(Exception.class, () -> executor.submit(unshipped).get(30, TimeUnit.SECONDS));

    String message = ClusterErrors.explain(failure).getMessage();
    assertEquals(
        "a member cannot load the task class dev.chapter20.cluster.Unshipped: start members with"
            + " the same class path as this client (see the README)",
        message);
    assertEquals(7, executor.submit(new Divide(14, 2)).get(30, TimeUnit.SECONDS));
  }

  /** Compiles a task class into {@code folder}, which only this JVM's class loader will see. */
  private static Callable<?> compileUnshippedTask(Path folder) throws Exception {
    Path source = folder.resolve("dev/chapter20/cluster/Unshipped.java");
    Files.createDirectories(source.getParent());
    Files.writeString(
        source,
        """
        package dev.chapter20.cluster;
        public record Unshipped() implements java.util.concurrent.Callable<String>,
            java.io.Serializable {
          public String call() { return "ran"; }
        }
        """,
        StandardCharsets.UTF_8);
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    assertEquals(0, compiler.run(null, null, null, "-d", folder.toString(), source.toString()));
    @SuppressWarnings("resource") // the loader must outlive the task object; the JVM ends soon
    URLClassLoader loader =
        new URLClassLoader(new URL[] {folder.toUri().toURL()}, ClusterTest.class.getClassLoader());
    return (Callable<?>)
        loader.loadClass("dev.chapter20.cluster.Unshipped").getConstructor().newInstance();
  }
}
