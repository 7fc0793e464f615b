package dev.chapter20.async;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.chapter20.async.support.LocalServer;
import dev.chapter20.common.ExampleMenu.Captured;
import dev.chapter20.common.process.JvmLauncher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the module's main the way a learner does: every example, then names and URLs that fail, each
 * with a one-line error, the right exit code, and no OkHttp thread left behind.
 */
@Timeout(120)
class AsyncMainTest {

  private Captured run;

  private int runMain(String... args) {
    run = AsyncMain.MENU.runCaptured(args);
    return run.exitCode();
  }

  private String output() {
    return run.out();
  }

  private List<String> errorLines() {
    return run.errLines();
  }

  @AfterEach
  void noOkHttpDispatcherThreadIsLeft() {
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().startsWith("OkHttp Dispatcher")));
  }

  @Test
  void runsTheQuickExamplesInChapterOrderAndNotTheMeasurement() {
    assertEquals(0, runMain(), run.err());

    String output = output();
    List<String> headers = output.lines().filter(l -> l.startsWith("== ")).toList();
    assertEquals(
        List.of(
            "two-tasks-cf",
            "two-tasks-virtual",
            "fetch-async",
            "fetch-blocking",
            "fan-out",
            "stalled-server",
            "wait-for",
            "gather-exceptions",
            "queue",
            "task-group",
            "to-thread",
            "shared-deadline",
            "as-completed",
            "lock-event-condition",
            "subprocesses",
            "echo-server",
            "echo-selector",
            "blocking-trap"),
        headers.stream().map(h -> h.split(" ")[2].replace(":", "")).toList());
    assertTrue(output.contains("both tasks have finished: 20 items"), output);
    assertEquals(4, output.lines().filter(l -> l.equals(LocalServer.GREETING)).count(), output);
    assertTrue(
        output.lines().anyMatch(l -> l.matches("most requests the server saw at once: [1-8]")),
        output);
    assertTrue(output.contains("item 0, item 1, item 2, ..., item 39"), output);
    assertTrue(output.contains("timed out after 100 ms (call timeout)"), output);
    assertTrue(output.contains("calls still running: 0"), output);
    assertTrue(output.contains("tasks that ran on after their timeout: 2 of 3"), output);
    assertTrue(output.contains("exceptionally(): [result 1, (fallback), result 3]"), output);
    assertTrue(output.contains("all 10 jobs done once"), output);
    assertTrue(output.contains("the group failed with: this task failed"), output);
    assertTrue(output.contains("blocking on virtual threads: 0 of"), output);
    assertTrue(
        output.contains("all 1,000 connections open, each echoed once; the server counts 1,000"),
        output);
    assertTrue(output.contains("5,000 echoes checked, every one the same text"), output);
    assertTrue(
        output.contains("most connections open at once, counted by the server: 1,000"), output);
    assertEquals(List.of(), errorLines());
  }

  @Test
  void theQuickRunsHttpWarmUpIsADaemonThreadThatEnds() throws InterruptedException {
    Thread warmUp = AsyncMain.warmUpHttpInBackground();

    assertTrue(warmUp.isDaemon(), "a daemon never keeps the JVM alive");
    assertTrue(warmUp.join(Duration.ofSeconds(30)), "the warm-up ended");
  }

  @Test
  void manySleepersPrintsARowPerRunWithTheCountsItStartedAndAPossiblePeak() {
    assertEquals(0, runMain("many-sleepers"), run.err());

    List<String[]> rows =
        output()
            .lines()
            .filter(
                l ->
                    l.matches("(virtual threads|scheduled CompletableFutures|platform threads) .*"))
            .map(l -> l.split("  +"))
            .toList();
    assertEquals(
        List.of(
            "virtual threads 10,000",
            "virtual threads 100,000",
            "scheduled CompletableFutures 10,000",
            "scheduled CompletableFutures 100,000",
            "platform threads 10,000"),
        rows.stream().map(r -> r[0].strip() + " " + r[1].strip()).toList());
    for (String[] row : rows) {
      int count = Integer.parseInt(row[1].strip().replace(",", ""));
      int inFlight = Integer.parseInt(row[3].strip().replace(",", ""));
      assertTrue(1 <= inFlight && inFlight <= count, String.join("|", row));
      // Every pause lasts 100 ms, so no run can end sooner: a fact of the code, not a timing.
      assertTrue(millis(row[2].strip()) >= 100, String.join("|", row));
      assertTrue(row[4].strip().matches("[+-]\\d+\\.\\d MiB"), String.join("|", row));
    }
    assertEquals(List.of(), errorLines());
  }

  private static double millis(String duration) {
    String[] parts = duration.split(" ");
    double value = Double.parseDouble(parts[0]);
    return switch (parts[1]) {
      case "s" -> value * 1_000;
      case "ms" -> value;
      default -> throw new AssertionError("a pause of 100 ms cannot take " + duration);
    };
  }

  @Test
  void aUrlAloneIsFetched() throws IOException {
    try (LocalServer server = LocalServer.start()) {
      String url = server.url("/hello").toString();

      assertEquals(0, runMain(AsyncMain.withLoneUrlAsFetch(url)), run.err());

      assertTrue(output().contains("== 20.4.2 fetch-async"), output());
      assertTrue(output().lines().anyMatch(l -> l.equals(LocalServer.GREETING)), output());
    }
  }

  @Test
  void aMalformedUrlAloneIsAOneLineUsageErrorWithExitCodeTwo() {
    assertEquals(2, runMain(AsyncMain.withLoneUrlAsFetch("example.com/page")));

    assertEquals(
        List.of(
            "error: fetch-async: malformed URL 'example.com/page': "
                + "expected http://... or https://..."),
        errorLines());
  }

  @Test
  void anExampleNameAloneIsNotTakenForAUrl() {
    assertEquals(List.of("fan-out"), List.of(AsyncMain.withLoneUrlAsFetch("fan-out")));
  }

  @Test
  void anUnknownExampleIsAOneLineErrorWithTheListAndExitCodeTwo() {
    assertEquals(2, runMain("no-such-example"));

    assertEquals("error: unknown example 'no-such-example'", errorLines().get(0));
    assertTrue(errorLines().stream().anyMatch(l -> l.contains("fan-out")), errorLines()::toString);
  }

  @Test
  void helpListsEveryExampleAndTheArgumentsOfTheHttpOnes() {
    assertEquals(0, runMain("--help"));

    assertTrue(output().contains("arguments: [url]"), output());
    assertTrue(output().contains("arguments: [url...]"), output());
  }

  @Test
  void aRefusedConnectionIsOneLineAndExitCodeOne() throws IOException {
    try (RefusingPort nobody = new RefusingPort()) {
      String url = nobody.url().toString();

      assertEquals(1, runMain("fetch-async", url));

      assertEquals(
          List.of(
              "error: fetch-async failed: GET "
                  + url
                  + ": connection refused by 127.0.0.1:"
                  + nobody.port()),
          errorLines());
    }
  }

  @Test
  void aStatusOutside2xxIsOneLineAndExitCodeOne() throws IOException {
    try (LocalServer server = LocalServer.start()) {
      String missing = server.url("/missing").toString();

      assertEquals(1, runMain("fan-out", server.url("/items/1").toString(), missing));

      assertEquals(
          List.of("error: fan-out failed: GET " + missing + ": HTTP 404 Not Found"), errorLines());
    }
  }

  @Test
  void echoSelectorRunsTheSameConversationsOnOneThreadsLoopAtEachEnd() {
    assertEquals(0, runMain("echo-selector", "20", "3"), run.err());

    assertTrue(output().contains("one thread's Selector loop for every connection"), output());
    assertTrue(output().contains("60 echoes checked"), output());
    assertTrue(output().contains("counted by the server: 20"), output());
    assertTrue(output().contains("server closed: its loop ended, 20 connections"), output());
  }

  @Test
  void echoServerTakesTheNumbersOfConnectionsAndMessages() {
    assertEquals(0, runMain("echo-server", "20", "3"), run.err());

    assertTrue(output().contains("60 echoes checked"), output());
    assertTrue(output().contains("counted by the server: 20"), output());
  }

  @Test
  void echoServerWithAWrongNumberIsAOneLineUsageError() {
    assertEquals(2, runMain("echo-server", "many"));

    assertEquals(
        List.of("error: echo-server: connections must be a whole number above 0, got 'many'"),
        errorLines());
  }

  /**
   * Runs the main in a child JVM whose limit of open files ({@code ulimit -n}) is far below what
   * 400 connections in one process need (800), so that a socket cannot be made: one line, exit 1.
   */
  @Test
  void runningOutOfFileDescriptorsIsOneLineAndExitCodeOne() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs a POSIX shell for ulimit");
    List<String> command =
        new ArrayList<>(List.of("/bin/sh", "-c", "ulimit -n 300 && exec \"$@\"", "sh"));
    command.addAll(JvmLauncher.forMain(AsyncMain.class).args("echo-server", "400").command());
    Process child =
        new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String stderr = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

    assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child ended");
    assertEquals(1, child.exitValue(), stderr);
    List<String> lines = stderr.lines().toList();
    assertEquals(1, lines.size(), stderr);
    assertTrue(
        lines
            .getFirst()
            .startsWith(
                "error: echo-server failed: too many open files: 400 connections in one process"
                    + " need 800 file descriptors, one per socket at each end, and this process"
                    + " may open 300 (ulimit -n)"),
        stderr);
  }

  @Test
  void aMalformedUrlIsAUsageErrorWithExitCodeTwo() {
    assertEquals(2, runMain("fetch-blocking", "not-a-url"));

    assertEquals(
        List.of(
            "error: fetch-blocking: malformed URL 'not-a-url': expected http://... or https://..."),
        errorLines());
  }

  @Test
  void moreThanOneUrlForASingleFetchIsAUsageError() {
    assertEquals(2, runMain("fetch-async", "http://127.0.0.1/a", "http://127.0.0.1/b"));

    assertEquals(List.of("error: fetch-async: takes at most one URL, got 2"), errorLines());
  }
}
