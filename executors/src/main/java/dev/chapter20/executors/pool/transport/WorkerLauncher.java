package dev.chapter20.executors.pool.transport;

import dev.chapter20.common.LineSink;
import dev.chapter20.common.process.ChildJvm;
import dev.chapter20.common.process.JvmLauncher;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Starts a pool's worker JVMs, each with a socket of its own in a folder that only this user may
 * open: the folder exists, owner-only, before any JVM starts, and a worker checks its owner and
 * mode before it connects. {@link #close} deletes the folder ({@link SocketFolder} says who deletes
 * it when the pool's JVM ends otherwise).
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
    this.folder = SocketFolder.create();
    // The JVMs boot while this one pays for its first Unix-domain socket (tens of milliseconds),
    // then removes what pools of killed JVMs left.
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

  /** Returns the folder of the workers' sockets. */
  public Path folder() {
    return folder;
  }

  /** Stops at once what the startup started on the workers' behalf. */
  public void abort() {
    startup.abort();
  }

  /** Deletes the socket folder and whatever is left in it. */
  @Override
  public void close() {
    SocketFolder.delete(folder);
  }

  /**
   * Opens and closes a Unix-domain server socket: the JDK's first one loads its classes and seeds a
   * random generator; then sweeps the socket folders of killed pools. Not a lambda: the first
   * lambda of a JVM costs milliseconds more.
   */
  private static final class SocketWarmUp implements Runnable {
    @Override
    public void run() {
      try {
        ServerSocketChannel.open(StandardProtocolFamily.UNIX).close();
      } catch (IOException | RuntimeException e) {
        // only a warm-up: listen() pays instead, and reports any real failure
      }
      SocketFolder.sweepDeadOwners();
    }
  }
}
