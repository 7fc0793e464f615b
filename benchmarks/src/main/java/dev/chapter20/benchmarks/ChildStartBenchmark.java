package dev.chapter20.benchmarks;

import dev.chapter20.common.process.ChildJvm;
import dev.chapter20.common.process.ChildRuntime;
import dev.chapter20.common.process.JvmLauncher;
import dev.chapter20.multiprocessing.BareHello;
import dev.chapter20.multiprocessing.HelloChild;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Section 20.2.1: how long a child JVM takes from start to exit, started by the project's {@link
 * JvmLauncher} and as a bare {@code java}. It backs the multiprocessing README's start-up row: the
 * launcher's child starts about as fast as a bare hello world (0.92x there), although it does more.
 *
 * <p>{@code bareJava} runs {@code java -cp <its jar or folder> BareHello}: the JVM's defaults and
 * the shortest class path. {@code launcher} starts {@link HelloChild} with {@code JvmLauncher}: its
 * quick-start options, this JVM's whole class path, the parent's PID, and {@link
 * ChildRuntime#install()} in the child. Both read the child's {@code hello} and wait for it to
 * exit.
 *
 * <p>The score is milliseconds per child, from start to exit; lower is better. Compare the two
 * rows' ratio with the README, not the absolute figures: they depend on the disk cache, the
 * machine's load and, for {@code bareJava}, on whether its class path is a small jar or the whole
 * {@code benchmarks.jar}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ChildStartBenchmark {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private List<String> bareCommand;

  /**
   * Builds the bare command line once: the running JDK's {@code java} and BareHello's class path.
   */
  @Setup
  public void findJavaAndClasses() throws URISyntaxException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classes =
        Path.of(BareHello.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString();
    bareCommand = List.of(java, "-cp", classes, BareHello.class.getName());
  }

  /** Starts {@code java -cp ... BareHello}, reads its output and waits for it to exit. */
  @Benchmark
  public byte[] bareJava() throws IOException, InterruptedException {
    Process process = new ProcessBuilder(bareCommand).redirectError(Redirect.INHERIT).start();
    try (InputStream stdout = process.getInputStream()) {
      byte[] hello = stdout.readAllBytes();
      if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("bare java did not exit cleanly: " + bareCommand);
      }
      return hello;
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly(); // only after a failure: no child outlives its benchmark
      }
    }
  }

  /** Starts {@link HelloChild} with the launcher, reads its output and waits for it to exit. */
  @Benchmark
  public byte[] launcher() throws IOException, InterruptedException {
    try (ChildJvm child = JvmLauncher.forMain(HelloChild.class).start()) {
      byte[] hello = child.stdout().readAllBytes();
      child.waitForSuccess(TIMEOUT);
      return hello;
    }
  }
}
