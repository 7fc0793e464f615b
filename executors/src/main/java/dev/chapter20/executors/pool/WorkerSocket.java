package dev.chapter20.executors.pool;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The pool's end of the connection to one worker, as an input and an output stream for the frame
 * code.
 *
 * <p>Why not {@link java.nio.channels.Channels#newOutputStream}: a blocking channel is closed, for
 * good, when a thread blocked on it is interrupted, and {@code submit} writes from the caller's
 * thread, which the pool does not own. So the channel is non-blocking, and a stream waits for it in
 * a {@link Selector}, which an interrupt only wakes. The input stream first polls for a short
 * while, as {@link dev.chapter20.common.process.SpinWaitInputStream} does, because waking a thread
 * costs more than a round trip.
 *
 * <p><b>Threading:</b> one thread reads and one thread at a time writes (the worker's owner);
 * {@link #close} may be called from any thread and wakes both.
 */
final class WorkerSocket implements AutoCloseable {

  private static final int CHUNK = 64 * 1024;

  private final SocketChannel channel;
  private final Selector readable;
  private final Selector writable;

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
        long spinUntil = worthSpinning.getAsBoolean() ? System.nanoTime() + spinNanos : 0;
        try {
          while (true) {
            int count = channel.read(buffer);
            if (count < 0) {
              return false;
            }
            if (count > 0) {
              return true;
            }
            if (System.nanoTime() < spinUntil) {
              Thread.onSpinWait();
            } else {
              await(readable);
            }
          }
        } finally {
          buffer.flip();
        }
      }
    };
  }

  /** Returns a stream to the worker; a write returns once every byte is in the socket. */
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
        for (int done = 0; done < length; ) {
          int count = Math.min(CHUNK, length - done);
          buffer.clear();
          buffer.put(bytes, offset + done, count).flip();
          while (buffer.hasRemaining()) {
            if (channel.write(buffer) == 0) {
              await(writable);
            }
          }
          done += count;
        }
      }
    };
  }

  /** Waits until the channel is ready; an interrupt only ends the wait early. */
  private static void await(Selector selector) throws IOException {
    try {
      selector.select();
      selector.selectedKeys().clear();
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
