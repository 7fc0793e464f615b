package dev.chapter20.executors.pool.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The pool's end of the connection to one worker, as an input and an output stream for the frame
 * code.
 *
 * <p>Why not {@link java.nio.channels.Channels#newOutputStream}: a blocking channel is closed, for
 * good, when a thread blocked on it is interrupted. An interrupt should never reach the pool's
 * threads, but if one does, it must not cost a worker its connection. So the channel is
 * non-blocking, and a stream waits for it in a {@link Selector}, which an interrupt only wakes (the
 * wait clears the interrupt and waits again). The input stream first polls for a short while, as
 * {@link dev.chapter20.common.process.SpinWaitInputStream} does, because waking a thread costs more
 * than a round trip; and a read may be given a deadline, for the handshake.
 *
 * <p><b>Threading:</b> one thread reads and writes (the worker's thread in the pool); {@link
 * #close} may be called from any thread and wakes it.
 */
final class WorkerSocket implements AutoCloseable {

  private static final int CHUNK = 64 * 1024;

  private final SocketChannel channel;
  private final Selector readable;
  private final Selector writable;
  private volatile boolean timed; // whether reads have a deadline
  private volatile long readDeadline; // System.nanoTime()

  /** Wraps a connected channel and switches it to non-blocking mode. */
  WorkerSocket(SocketChannel channel) throws IOException {
    this.channel = channel;
    channel.configureBlocking(false);
    readable = Selector.open();
    writable = Selector.open();
    channel.register(readable, SelectionKey.OP_READ);
    channel.register(writable, SelectionKey.OP_WRITE);
  }

  /** Returns a stream of what the worker sends; reads spin up to {@code spin} while it pays. */
  InputStream input(Duration spin, BooleanSupplier worthSpinning) {
    long spinNanos = spin.toNanos();
    ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK).flip();
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
          return 0;
        }
        if (!buffer.hasRemaining() && !fill()) {
          return -1;
        }
        int count = Math.min(length, buffer.remaining());
        buffer.get(bytes, offset, count);
        return count;
      }

      /** Waits until the worker has sent something; returns false at the end of the stream. */
      private boolean fill() throws IOException {
        buffer.clear();
        boolean spinning = worthSpinning.getAsBoolean();
        long spinUntil = System.nanoTime() + spinNanos;
        try {
          while (true) {
            int count = channel.read(buffer);
            if (count < 0) {
              return false;
            }
            if (count > 0) {
              return true;
            }
            long now = System.nanoTime();
            if (spinning && now - spinUntil < 0) {
              Thread.onSpinWait();
            } else if (!timed) {
              await(readable, Long.MAX_VALUE);
            } else if (now - readDeadline < 0) {
              await(readable, readDeadline - now);
            } else {
              throw new SocketTimeoutException("no answer in time");
            }
          }
        } finally {
          buffer.flip();
        }
      }
    };
  }

  /**
   * Returns a stream to the worker; a write returns once every byte is in the socket. The writer
   * may be a caller's thread: an interrupt it had, or gets while the write waits, is kept.
   */
  OutputStream output() {
    ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] bytes, int offset, int length) throws IOException {
        // Through a direct buffer of our own, a chunk at a time: the channel would otherwise copy
        // a large heap array into a temporary direct buffer as large as the array.
        boolean interrupted = false;
        try {
          for (int done = 0; done < length; ) {
            int count = Math.min(CHUNK, length - done);
            buffer.clear();
            buffer.put(bytes, offset + done, count).flip();
            while (buffer.hasRemaining()) {
              if (channel.write(buffer) == 0) {
                interrupted |= await(writable, Long.MAX_VALUE);
              }
            }
            done += count;
          }
        } finally {
          if (interrupted) {
            Thread.currentThread().interrupt();
          }
        }
      }
    };
  }

  /**
   * Makes reads fail with a {@link SocketTimeoutException} once {@code nanoTime} ({@link
   * System#nanoTime()}) has passed.
   */
  void readDeadline(long nanoTime) {
    readDeadline = nanoTime;
    timed = true;
    readable.wakeup(); // a read that waits without a deadline must see this one
  }

  /** Lets reads wait as long as it takes again. */
  void noReadDeadline() {
    timed = false;
  }

  /**
   * Waits until the channel is ready, or at most {@code nanos}. Clears an interrupt first, and
   * returns whether there was one: it would make the selector return at once, every time, and the
   * wait would spin.
   */
  private static boolean await(Selector selector, long nanos) throws IOException {
    boolean interrupted = Thread.interrupted();
    try {
      if (nanos == Long.MAX_VALUE) {
        selector.select();
      } else {
        selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)));
      }
      selector.selectedKeys().clear();
      return interrupted;
    } catch (ClosedSelectorException e) {
      throw new ClosedChannelException();
    }
  }

  /** Closes the connection; a thread waiting to read or write wakes up and fails. */
  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // closing is all we wanted
    }
    readable.wakeup();
    writable.wakeup();
    closeQuietly(readable);
    closeQuietly(writable);
  }

  private static void closeQuietly(Selector selector) {
    try {
      selector.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }
}
