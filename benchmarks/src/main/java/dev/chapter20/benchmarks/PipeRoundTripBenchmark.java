package dev.chapter20.benchmarks;

import dev.chapter20.common.process.ChildJvm;
import dev.chapter20.common.process.FrameReader;
import dev.chapter20.common.process.FrameWriter;
import dev.chapter20.common.process.JvmLauncher;
import dev.chapter20.common.process.SpinWaitInputStream;
import dev.chapter20.multiprocessing.UppercaseService;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Section 20.2.2, both ways: the latency of one request and its reply between this JVM and a child
 * JVM ({@link UppercaseService}) over a pair of pipes, as frames. It backs the multiprocessing
 * README's round-trip row and {@link SpinWaitInputStream}'s claim: a thread woken from a blocking
 * pipe read costs about 20 us on a 2-core VM, so polling briefly first cuts a round trip from about
 * 50 us to about 5.
 *
 * <p>{@code spin}: {@code false}, both sides block in {@code read}; {@code true}, both poll for
 * {@link UppercaseService#SPIN} before they block (the child with {@code --spin}, this JVM through
 * a {@code SpinWaitInputStream}). The score is microseconds per round trip: write {@code "ping"},
 * flush, read {@code "PING"}; lower is better. The spinning pair keeps both cores busy, which is
 * fine here and not elsewhere: see {@code SpinWaitInputStream}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PipeRoundTripBenchmark {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Param({"false", "true"})
  public boolean spin;

  private ChildJvm service;
  private FrameWriter requests;
  private FrameReader replies;

  /** Starts the child once per trial; C2 compiles its loop during the warm-up iterations. */
  @Setup(Level.Trial)
  public void startService() throws IOException {
    JvmLauncher launcher = JvmLauncher.forMain(UppercaseService.class).longRunning();
    service = (spin ? launcher.args("--spin") : launcher).start();
    requests = new FrameWriter(service.stdin());
    replies =
        new FrameReader(
            spin
                ? new SpinWaitInputStream(service.stdout(), UppercaseService.SPIN)
                : service.stdout());
  }

  /** Sends one request and returns its reply. */
  @Benchmark
  public byte[] roundTrip() throws IOException {
    requests.write("ping");
    requests.flush();
    byte[] reply = replies.read();
    if (reply == null) {
      throw new IllegalStateException(service + " ended before it answered");
    }
    return reply;
  }

  /** Ends the child as the protocol says (end marker, answered), then makes sure it is gone. */
  @TearDown(Level.Trial)
  public void stopService() throws IOException, InterruptedException {
    try {
      requests.writeEnd();
      replies.read();
      service.waitForSuccess(TIMEOUT);
    } finally {
      service.close();
    }
  }
}
