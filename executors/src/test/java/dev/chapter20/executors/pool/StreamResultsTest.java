package dev.chapter20.executors.pool;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.common.process.ChildJvm;
import dev.chapter20.common.process.JvmLauncher;
import dev.chapter20.executors.StreamMemoryProbe;
import dev.chapter20.executors.pool.map.MapResults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code imap} and {@code imapUnordered}: results as they come, over items that may never end, with
 * a bounded number of chunks in flight; a failure at its item; closing early cancels the rest.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StreamResultsTest {

  @RegisterExtension final PoolFixture fixture = new PoolFixture();

  @Test
  void imapGivesTheResultsInTheOrderOfTheItems() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(2);
    List<Integer> items = IntStream.range(0, 1000).boxed().toList();

    List<Integer> results = new ArrayList<>();
    try (MapResults<Integer, Integer> doubled = pool.imap(x -> 2 * x, items.iterator(), 7)) {
      doubled.forEachRemaining(results::add);
    }

    assertEquals(items.stream().map(x -> 2 * x).toList(), results);
  }

  @Test
  void imapUnorderedGivesEveryResultOnce() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(2);
    List<Integer> items = IntStream.range(0, 1000).boxed().toList();

    List<Integer> results = new ArrayList<>();
    try (MapResults<Integer, Integer> doubled =
        pool.imapUnordered(x -> 2 * x, items.iterator(), 13)) {
      doubled.forEachRemaining(results::add);
    }

    assertEquals(items.stream().map(x -> 2 * x).toList(), results.stream().sorted().toList());
  }

  @Test
  void endlessItemsAreReadOnlyAsRoomFreesUpAndClosingCancelsTheRest() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(2);
    AtomicInteger read = new AtomicInteger();
    Iterator<Integer> endless = IntStream.iterate(0, i -> read.incrementAndGet()).iterator();

    MapResults<Integer, Integer> results = pool.imap(x -> x + 1, endless, 10);
    for (int i = 0; i < 100; i++) {
      assertEquals(i + 1, results.next());
    }
    results.close();

    assertTrue(read.get() <= 100 + 4 * 2 * 10, read.get() + " items read for 100 results");
    assertFalse(results.hasNext());
    await().atMost(Duration.ofSeconds(10)).until(() -> pool.toString().contains("queued=0"));
  }

  @Test
  void aFailureSurfacesAtItsItemAndEndsTheIteration() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(2);
    Iterator<Integer> items = IntStream.range(0, 100).boxed().iterator();

    MapResults<Integer, Integer> results = pool.imap(x -> 100 / (x - 50), items, 5);
    for (int i = 0; i < 50; i++) {
      assertEquals(100 / (i - 50), results.next());
    }
    CompletionException failure = assertThrows(CompletionException.class, results::next);

    assertInstanceOf(ArithmeticException.class, failure.getCause());
    assertFalse(results.hasNext());
  }

  @Test
  void nextWithATimeoutGivesUpAndCanBeCalledAgain(@TempDir Path dir) throws Exception {
    ProcessPoolExecutor pool = fixture.pool(1);
    Path gate = dir.resolve("gate");
    String gatePath = gate.toString();
    Iterator<String> items = List.of("a").iterator();

    try (MapResults<String, String> results =
        pool.imapUnordered(item -> waitFor(gatePath), items, 1)) {
      assertThrows(TimeoutException.class, () -> results.next(Duration.ofMillis(200)));
      Files.createFile(gate);
      assertEquals("passed", results.next(Duration.ofSeconds(30)));
      assertFalse(results.hasNext());
    }
  }

  private static String waitFor(String gate) {
    try {
      return new TestTasks.WaitForFile(gate).call();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void tenMillionItemsGoThroughImapUnorderedInA64MibHeap() throws Exception {
    int items = 10_000_000;
    try (ChildJvm probe =
        JvmLauncher.forMain(StreamMemoryProbe.class)
            .jvmOptions("-Xmx64m", "-XX:+ExitOnOutOfMemoryError")
            .args("imapUnordered", Integer.toString(items))
            .start()) {
      List<String> printed = new ArrayList<>();
      probe.relayStdout(printed::add);
      assertEquals(0, probe.waitFor(Duration.ofSeconds(100)), probe.lastStderrLines(3));
      long expectedSum = 0;
      for (long x = 0; x < items; x++) {
        expectedSum += x * x;
      }
      assertEquals(1, printed.size(), printed.toString());
      assertTrue(
          printed.getFirst().startsWith(items + " " + expectedSum + " "), printed.toString());
    }
  }
}
