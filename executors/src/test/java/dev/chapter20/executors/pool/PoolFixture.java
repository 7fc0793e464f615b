package dev.chapter20.executors.pool;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.common.RecordingSink;
import dev.chapter20.executors.pool.transport.PoolConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts pools for a test and, whatever the test did (an assertion may have failed halfway), stops
 * them with {@code shutdownNow} afterwards and checks that they terminated and that no worker JVM
 * of this test JVM is left running.
 */
final class PoolFixture implements AfterEachCallback {

  /** Everything the workers printed, with the name of the thread that relayed each line. */
  final RecordingSink output = new RecordingSink();

  private final List<ProcessPoolExecutor> pools = new ArrayList<>();

  /** A pool of {@code workers} that allows the test tasks' package. */
  ProcessPoolExecutor pool(int workers) {
    return pool(builder -> builder.workers(workers));
  }

  /** A pool configured by {@code settings}, starting from one that allows the test tasks. */
  ProcessPoolExecutor pool(UnaryOperator<ProcessPoolBuilder> settings) {
    ProcessPoolBuilder builder =
        ProcessPoolExecutor.builder().allowPackages("dev.chapter20.executors").output(output);
    ProcessPoolExecutor pool = settings.apply(builder).build();
    synchronized (pools) {
      pools.add(pool);
    }
    return pool;
  }

  /** Waits until a worker prints that it waits at its gate, and returns that worker's PID. */
  long pidOfWorkerAtGate() {
    String line =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    output.texts().stream()
                        .filter(text -> text.startsWith("waiting in pid "))
                        .findFirst(),
                Optional::isPresent)
            .orElseThrow();
    return Long.parseLong(line.substring("waiting in pid ".length()));
  }

  /** Returns whether a worker JVM started by this test JVM is running. */
  static boolean anyWorkerRunning() {
    return ProcessHandle.current()
        .descendants()
        .anyMatch(
            process ->
                process.isAlive()
                    && process
                        .info()
                        .commandLine()
                        .map(line -> line.contains(PoolConnection.SOCKET_PROPERTY))
                        .orElse(false));
  }

  static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  @Override
  public void afterEach(ExtensionContext context) throws InterruptedException {
    List<ProcessPoolExecutor> started;
    synchronized (pools) {
      started = List.copyOf(pools);
    }
    for (ProcessPoolExecutor pool : started) {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "the pool did not terminate");
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !anyWorkerRunning()); // workers are waited for as the pool terminates
  }
}
