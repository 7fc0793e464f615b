package dev.chapter20.benchmarks;

import dev.chapter20.common.process.ChildJvm;
import dev.chapter20.common.process.FrameReader;
import dev.chapter20.common.process.JvmLauncher;
import dev.chapter20.multiprocessing.Producer;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * Section 20.2.2: how many messages per second, and how many bytes per second, a {@link Producer}
 * child JVM gets through an OS pipe to this JVM's {@link FrameReader}, by message size. It backs
 * the multiprocessing README's rows "small messages between two processes" (8.5 million/s, against
 * 240 thousand/s for Python's {@code multiprocessing.Queue}) and "64 KiB / 1 MiB messages" (0.8-0.9
 * GB/s, about what {@code dd bs=1M | dd} moves through a pipe).
 *
 * <p>{@code size}: the size in bytes of each message's body ({@code ": xxx...x"}); the producer
 * puts the message's index in front, a few ASCII digits more. The producer is told to send {@code
 * Integer.MAX_VALUE} messages, more than any run reads, and is destroyed at the end of the trial.
 *
 * <p>Two scores, both per second; higher is better. {@code receive} is messages per second (one
 * message per call). {@code receive:bytes} is bytes per second, counted from the messages as they
 * arrived, index included: divide by 10^9 for the README's GB/s. Small messages measure the per-
 * message cost (framing, buffering, a checksum, an array per message); large ones, the pipe.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PipeStreamBenchmark {

  @Param({"16", "1024", "65536", "1048576"})
  public int size;

  private ChildJvm producer;
  private FrameReader frames;

  /** Counts the bytes received; JMH reports the count per second beside the message rate. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Received {
    /** Bytes received in this iteration; JMH resets it before each one. */
    public long bytes;
  }

  /** Starts the producer once per trial; its body is {@code ": "} and {@code size - 2} x's. */
  @Setup(Level.Trial)
  public void startProducer() throws IOException {
    producer =
        JvmLauncher.forMain(Producer.class)
            .longRunning()
            .args(String.valueOf(Integer.MAX_VALUE), "x", "--repeat", String.valueOf(size - 2))
            .start();
    frames = new FrameReader(producer.stdout());
  }

  /** Reads one message. */
  @Benchmark
  public byte[] receive(Received received) throws IOException {
    byte[] message = frames.read();
    if (message == null) {
      throw new IllegalStateException(producer + " ran out of messages");
    }
    received.bytes += message.length;
    return message;
  }

  /** Destroys the producer, which would otherwise write for minutes. */
  @TearDown(Level.Trial)
  public void stopProducer() {
    producer.close();
  }
}
