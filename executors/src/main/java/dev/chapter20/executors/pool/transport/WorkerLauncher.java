package dev.chapter20.executors.pool.transport;

import dev.chapter20.common.LineSink;
import dev.chapter20.common.process.ChildJvm;
import dev.chapter20.common.process.JvmLauncher;
import dev.chapter20.common.process.PrivateFolder;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Starts a pool's worker JVMs, each with a socket of its own in a folder that only this user may
 * open: the folder exists, owner-only, before any JVM starts, and a worker checks its owner and
 * mode before it connects. {@link #close} deletes the folder.
 *
 * <p><b>Threading:</b> thread-safe; workers may be started from several threads.
 */
public final class WorkerLauncher implements AutoCloseable {

  private final Class<?> mainClass;
  private final List<String> jvmOptions;
  private final LineSink output;
  private final JvmStartup startup;
  private final BooleanSupplier worthSpinning;
  private final Path folder;

  /**
   * Makes the socket folder, in the temporary directory, for workers that run {@code mainClass}
   * with {@code jvmOptions}; what they print goes to {@code output}; the pool's side polls for a
   * reply while {@code worthSpinning} says so (a core is idle).
   */
  public WorkerLauncher(
      Class<?> mainClass,
      List<String> jvmOptions,
      LineSink output,
      JvmStartup startup,
      BooleanSupplier worthSpinning)
      throws IOException {
    this.mainClass = mainClass;
    this.jvmOptions = List.copyOf(jvmOptions);
    this.output = output;
    this.startup = startup;
    this.worthSpinning = worthSpinning;
    String name = "chapter20-pool-" + HexFormat.of().formatHex(Secret.random(8));
    this.folder = PrivateFolder.createNew(Path.of(System.getProperty("java.io.tmpdir"), name));
    // The JVMs boot while this one pays for its first Unix-domain socket (tens of milliseconds).
    Thread.ofPlatform().daemon().name("socket-warm-up").start(new SocketWarmUp());
  }

  /**
   * Starts a worker JVM named {@code name} and gives it its secret; then {@link
   * WorkerProcess#listen} and {@link WorkerProcess#connect} it.
   */
  public WorkerProcess spawn(String name) throws IOException {
    Path socket = folder.resolve(name + ".sock");
    Files.deleteIfExists(socket);
    JvmStartup.Start start = startup.next();
    List<String> options = new ArrayList<>(jvmOptions);
    options.addAll(start.jvmOptions());
    options.add("-D" + PoolConnection.SOCKET_PROPERTY + "=" + socket);
    LineSink sink = start.output(output);
    ChildJvm jvm;
    try {
      jvm =
          JvmLauncher.forMain(mainClass)
              .name(name)
              .longRunning()
              .jvmOptions(options.toArray(String[]::new))
              .relayStderr(sink)
              .start();
    } catch (IOException | RuntimeException e) {
      start.ended(false);
      throw e;
    }
    jvm.relayStdout(sink);
    WorkerProcess worker =
        new WorkerProcess(jvm, socket, Secret.random(Secret.BYTES), start, worthSpinning);
    worker.sendSecret();
    return worker;
  }

  /** Stops at once what the startup started on the workers' behalf. */
  public void abort() {
    startup.abort();
  }

  /** Deletes the socket folder and whatever is left in it. */
  @Override
  public void close() {
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(folder);
    } catch (IOException e) {
      // a leftover folder in the temporary directory
    }
  }

  /**
   * Opens and closes a Unix-domain server socket: the JDK's first one loads its classes and seeds a
   * random generator. Not a lambda: the first lambda of a JVM costs milliseconds more.
   */
  private static final class SocketWarmUp implements Runnable {
    @Override
    public void run() {
      try {
        ServerSocketChannel.open(StandardProtocolFamily.UNIX).close();
      } catch (IOException | RuntimeException e) {
        // only a warm-up: listen() pays instead, and reports any real failure
      }
    }
  }
}
