package dev.chapter20.common.process;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * An input stream that, when no byte is ready, keeps asking for a short while before it lets {@code
 * read} put the thread to sleep.
 *
 * <p>A thread blocked reading a pipe is woken by the operating system when data arrives, and that
 * wake-up is slow: about 20 us on the 2-core virtual machine this project is measured on, so a
 * request/reply round trip, two wake-ups, costs about 50 us. Polling {@link #available()} instead
 * sees the data within a microsecond or two: the same round trip takes about 4 us. The price is a
 * core kept busy while waiting, which is why the spinning stops after {@code spin} and the thread
 * sleeps as usual, and why a spinning thread should not take a core that another thread needs for
 * work: on two cores, two spinners can slow everything down. Use it where replies come fast and
 * often (a worker's request loop), not for streams that are mostly idle; pass a condition to spin
 * only while it pays.
 *
 * <p><b>Threading:</b> not thread-safe; one thread reads a stream.
 */
public final class SpinWaitInputStream extends FilterInputStream {

  private final long spinNanos;
  private final BooleanSupplier worthSpinning;

  /** Wraps {@code in}, spinning for up to {@code spin} before each read that would block. */
  public SpinWaitInputStream(InputStream in, Duration spin) {
    this(in, spin, () -> true);
  }

  /** Like the other constructor, but spins only when {@code worthSpinning} says so at the time. */
  public SpinWaitInputStream(InputStream in, Duration spin, BooleanSupplier worthSpinning) {
    super(in);
    this.spinNanos = spin.toNanos();
    this.worthSpinning = worthSpinning;
  }

  @Override
  public int read() throws IOException {
    spinUntilReady();
    return in.read();
  }

  @Override
  public int read(byte[] bytes, int offset, int length) throws IOException {
    spinUntilReady();
    return in.read(bytes, offset, length);
  }

  private void spinUntilReady() throws IOException {
    if (!worthSpinning.getAsBoolean()) {
      return;
    }
    long deadline = System.nanoTime() + spinNanos;
    while (in.available() == 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
  }
}
