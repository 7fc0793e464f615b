package dev.chapter20.executors.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.common.process.ChildJvm;
import dev.chapter20.common.process.FrameReader;
import dev.chapter20.common.process.FrameWriter;
import dev.chapter20.common.process.JvmLauncher;
import dev.chapter20.common.process.PrivateFolder;
import dev.chapter20.executors.pool.TestTasks.Pid;
import dev.chapter20.executors.pool.transport.PoolConnection;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The barriers of the executors README's threat model, each tried from the side of a process that
 * is not the pool's own: the secret is not on any command line, a worker refuses a socket folder
 * others may use and a pool that cannot show the secret, and a pool refuses a worker that cannot.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ThreatModelTest {

  @RegisterExtension final PoolFixture fixture = new PoolFixture();

  @TempDir Path dir;

  @Test
  void noSecretIsOnAWorkersCommandLine() throws Exception {
    ProcessPoolExecutor pool = fixture.pool(1);
    long pid = pool.submit(new Pid()).get();

    List<String> arguments =
        ProcessHandle.of(pid).orElseThrow().info().arguments().map(List::of).orElseThrow();

    assertTrue(
        arguments.stream().anyMatch(a -> a.startsWith("-D" + PoolConnection.SOCKET_PROPERTY)),
        arguments.toString());
    assertTrue(arguments.stream().noneMatch(a -> a.contains("token")), arguments.toString());
  }

  @Test
  void aWorkerRefusesASocketFolderOthersMayUse() throws Exception {
    Path open = Files.createDirectory(dir.resolve("open"));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));

    try (ChildJvm worker = startWorker(open.resolve("worker-1.sock"))) {
      assertEquals(2, worker.waitFor(Duration.ofSeconds(30)));
      assertTrue(worker.lastStderrLines(1).contains("mode 777"), worker.lastStderrLines(1));
    }
  }

  @Test
  void aWorkerRefusesAPoolThatCannotShowTheSecret() throws Exception {
    Path folder = PrivateFolder.createNew(dir.resolve("pool"));
    Path socket = folder.resolve("worker-1.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      try (ChildJvm worker = startWorker(socket);
          SocketChannel connection = server.accept()) {
        new FrameReader(Channels.newInputStream(connection)).read(); // the worker's half
        FrameWriter out = new FrameWriter(Channels.newOutputStream(connection));
        out.write(new byte[32]); // not the pool's half
        out.flush();

        assertEquals(2, worker.waitFor(Duration.ofSeconds(30)));
        assertTrue(
            worker.lastStderrLines(1).contains("did not show the pool's secret"),
            worker.lastStderrLines(1));
      }
    }
  }

  @Test
  void thePoolRefusesAWorkerThatCannotShowItsSecret() {
    ProcessPoolExecutor pool =
        fixture.pool(builder -> builder.workers(1).workerMain(WrongSecretWorker.class));

    ExecutionException failure =
        assertThrows(ExecutionException.class, () -> pool.submit(new Pid()).get());

    RejectedExecutionException refused =
        assertInstanceOf(RejectedExecutionException.class, failure.getCause());
    assertTrue(refused.getMessage().contains("did not show its secret"), refused.getMessage());
    assertFalse(PoolFixture.anyWorkerRunning());
  }

  /** Starts a worker JVM by hand, for the socket {@code socket}, with a secret on its input. */
  private static ChildJvm startWorker(Path socket) throws Exception {
    ChildJvm worker =
        JvmLauncher.forMain(WorkerMain.class)
            .jvmOptions("-D" + PoolConnection.SOCKET_PROPERTY + "=" + socket)
            .start();
    byte[] secret = new byte[64];
    Arrays.fill(secret, (byte) 1); // the fake pool shows zeros: never this
    try (OutputStream stdin = worker.stdin()) {
      stdin.write(secret);
    }
    worker.relayStdout(line -> {});
    return worker;
  }
}
