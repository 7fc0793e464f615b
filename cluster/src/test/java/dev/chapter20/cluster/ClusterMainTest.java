package dev.chapter20.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.cluster.members.ClusterSettings;
import dev.chapter20.cluster.members.Member;
import dev.chapter20.common.ExampleMenu.Captured;
import dev.chapter20.common.RecordingSink;
import dev.chapter20.common.process.ChildJvm;
import dev.chapter20.common.process.JvmLauncher;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs the module's main the way a learner does, with and without members of its own. */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClusterMainTest {

  static Captured runMain(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exitCode =
        ClusterMain.run(
            List.of(args),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Captured(
        exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void runsEveryQuickExampleOnTwoMembersItStartsAndStops() {
    Captured run = runMain();

    assertEquals(0, run.exitCode(), run.err());
    List<String> headers =
        run.out().lines().filter(l -> l.startsWith("== ")).map(l -> l.split(" ")[2]).toList();
    assertEquals(
        List.of("cluster-tasks:", "submit:", "fan-out:", "map:", "exception:", "member-death:"),
        headers);
    assertTrue(run.out().contains("both tasks have finished"), run.out());
    assertTrue(run.out().contains("total 216,816 primes below 3,000,000"), run.out());
    assertEquals("", run.err());
    // ChildJvm's tests prove that close() ends a child; here: the main closed what it started.
    List<Long> pids =
        run.out()
            .lines()
            .filter(l -> l.contains(Member.READY))
            .map(l -> Long.parseLong(l.replaceAll(".*pid (\\d+).*", "$1")))
            .toList();
    assertEquals(4, pids.size(), "two members for the examples, two for member-death");
    assertTrue(pids.stream().noneMatch(ClusterTest::alive), "a member outlived the main");
  }

  @Test
  void helpListsTheExamplesAndHowToJoinMembersWithoutStartingAny() {
    Captured run = runMain("--help");

    assertEquals(0, run.exitCode());
    assertTrue(run.out().contains("--members host:port"), run.out());
    assertTrue(run.out().contains("member-death"), run.out());
    assertFalse(run.out().contains(Member.READY), run.out());
  }

  @Test
  void aMalformedMemberAddressIsOneLineAndExitCodeTwo() {
    for (String bad : List.of("localhost", "localhost:port", "host:70000", ":5701", "a:1,")) {
      Captured run = runMain("--members", bad, "submit");

      assertEquals(2, run.exitCode(), bad);
      assertEquals(1, run.errLines().size(), run.err());
      assertTrue(run.errLines().get(0).startsWith("error: "), run.err());
      assertEquals("", run.out());
    }
  }

  @Test
  @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void anUnreachableMemberIsOneLineAndExitCodeOneWithinSeconds() throws Exception {
    int closedPort = freePort(); // nothing listens there

    Captured run = runMain("--members", "127.0.0.1:" + closedPort, "submit");

    assertEquals(1, run.exitCode());
    assertEquals(
        List.of(
            "error: submit failed: no member of cluster 'chapter20' answered at 127.0.0.1:"
                + closedPort
                + " within 5 s"),
        run.errLines());
  }

  @Test
  void joinsAMemberStartedSeparatelyAndRunsTheExamplesThere() throws Exception {
    int port = freePort();
    CountDownLatch ready = new CountDownLatch(1);
    RecordingSink memberOutput = new RecordingSink();
    ChildJvm member =
        JvmLauncher.forMain(Member.class)
            .longRunning()
            .jvmOptions(ClusterSettings.memberJvmOptions().toArray(String[]::new))
            .args("--port", Integer.toString(port))
            .start();
    try {
      member.relayStdout(
          line -> {
            memberOutput.println(line);
            if (line.startsWith(Member.READY)) {
              ready.countDown();
            }
          });
      assertTrue(ready.await(60, TimeUnit.SECONDS), "member did not start: " + member.stderrTail());

      Captured run = runMain("--members", "127.0.0.1:" + port, "fan-out");

      assertEquals(0, run.exitCode(), run.err());
      assertTrue(run.out().contains("(pid " + member.pid() + ")"), run.out());
      assertFalse(run.out().contains(Member.READY), "it started members of its own");
      assertTrue(member.isAlive(), "a client must not stop the members it joined");
    } finally {
      member.close();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> !ClusterTest.alive(member.pid()));
  }

  static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
