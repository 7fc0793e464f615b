package dev.chapter20.async;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The same echo as {@link EchoServer}, written the way asyncio and Node run it underneath: one
 * thread, one {@link Selector} (epoll on Linux), and a loop that asks which sockets are ready and
 * serves each without ever blocking. Python's {@code asyncio.start_server} is this loop with
 * coroutines on top; its {@code selectors} module is Java's {@code Selector}. Beyond the chapter,
 * whose section 20.4 has no sockets.
 *
 * <p>What Java does differently: nothing hides the loop. {@link EchoServer}'s handler reads as if
 * it had the connection to itself, and a virtual thread parks where it would block; here each
 * connection is a {@link SelectionKey}, what it has not finished (part of a line, part of a write)
 * is kept by hand, and a socket that cannot take the whole echo stops being read until it has taken
 * it, so a client that never reads cannot make the server buffer without end. That is the price of
 * the event loop's economy: no stack per connection and one read and one write per message, where a
 * virtual thread's blocking read on an empty socket also costs a failed read and a re-registration
 * with the JDK's poller. The comparison (benchmarks README) runs both.
 *
 * <p>Lines are at most {@value #MAX_LINE_BYTES} bytes, as {@link EchoServer}'s; a longer one ends
 * its own connection. A connection holds nothing of its own between messages: every read goes into
 * one buffer of the loop's, whose whole lines go straight back; only a line cut between two reads,
 * or an echo the socket could not take at once, is kept with its key.
 *
 * <p><b>Threading:</b> one platform thread, the loop, owns the selector, every channel and every
 * connection's state; nothing else touches them. The counts are atomics, read from any thread.
 * {@link #close} wakes the loop up, which then closes every channel and the selector and ends;
 * {@code close} returns once it has.
 *
 * @see Selector#select(java.util.function.Consumer)
 */
public final class SelectorEchoServer implements EchoService {

  /** The longest line, its newline excluded: {@link EchoServer}'s. */
  static final int MAX_LINE_BYTES = EchoServer.BUFFER_BYTES - 1;

  /** The loop's one read buffer: many lines of many reads' worth, reused for every connection. */
  private static final int READ_BUFFER_BYTES = 64 * 1024;

  private final ServerSocketChannel listener;
  private final InetSocketAddress address;
  private final Selector selector;
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
  private final Thread loop;
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong echoed = new AtomicLong();
  private final AtomicLong heldBack = new AtomicLong();
  private final AtomicReference<IOException> acceptFailure = new AtomicReference<>();
  private volatile int openNow; // written by the loop only
  private volatile int openPeak; // written by the loop only
  private volatile boolean closing;

  /**
   * What a connection has not finished, kept with its key between two turns of the loop: the start
   * of a line whose newline has not come, or the part of an echo the socket could not take yet.
   */
  private static final class Unfinished {
    byte[] partLine; // null: the last read ended with a whole line
    ByteBuffer unsent; // null: every echo so far went out
  }

  private SelectorEchoServer(ServerSocketChannel listener, Selector selector) throws IOException {
    this.listener = listener;
    this.address = (InetSocketAddress) listener.getLocalAddress();
    this.selector = selector;
    this.loop = Thread.ofPlatform().name("echo-loop").start(this::runLoop);
  }

  /** Starts a server on {@code port} of 127.0.0.1; port 0 takes any free one. */
  public static SelectorEchoServer start(int port) throws IOException {
    Selector selector = Selector.open();
    ServerSocketChannel listener = ServerSocketChannel.open();
    try {
      listener.bind(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), port), EchoServer.BACKLOG);
      listener.configureBlocking(false);
      listener.register(selector, SelectionKey.OP_ACCEPT);
      return new SelectorEchoServer(listener, selector);
    } catch (IOException | RuntimeException e) {
      listener.close();
      selector.close();
      throw e;
    }
  }

  @Override
  public InetSocketAddress address() {
    return address;
  }

  @Override
  public int openConnections() {
    return openNow;
  }

  @Override
  public int peakConnections() {
    return openPeak;
  }

  @Override
  public long accepted() {
    return accepted.get();
  }

  @Override
  public long echoed() {
    return echoed.get();
  }

  /**
   * Returns how many times a connection's echo did not fit its socket, so that the server stopped
   * reading it until its client had read enough: a client that sends faster than it reads.
   */
  long heldBack() {
    return heldBack.get();
  }

  @Override
  public Optional<IOException> acceptFailure() {
    return Optional.ofNullable(acceptFailure.get());
  }

  /** The event loop: wait until some socket is ready, serve each ready one, again, until closed. */
  private void runLoop() {
    try {
      while (!closing) {
        selector.select(this::serve);
      }
    } catch (IOException | ClosedSelectorException e) {
      // The selector itself failed: nothing can be served any more; close everything below.
    } finally {
      for (SelectionKey key : selector.keys()) {
        closeQuietly(key.channel());
      }
      closeQuietly(selector);
      openNow = 0;
    }
  }

  /** Serves one ready key: the listener's new connections, or one connection's bytes. */
  private void serve(SelectionKey key) {
    if (!key.isValid()) {
      return;
    }
    if (key.channel() == listener) {
      acceptAll();
      return;
    }
    SocketChannel channel = (SocketChannel) key.channel();
    try {
      if (key.isWritable() && !sendUnsent(key, channel)) {
        return; // still more to send: read nothing more until it has gone
      }
      if (key.isReadable()) {
        readAndEcho(key, channel);
      }
    } catch (IOException e) { // a reset, a line too long, or the client closed
      drop(key, channel);
    }
  }

  /** Accepts every connection waiting, non-blocking, and asks to hear when each has bytes. */
  private void acceptAll() {
    try {
      SocketChannel channel;
      while ((channel = listener.accept()) != null) {
        channel.configureBlocking(false);
        channel.register(selector, SelectionKey.OP_READ);
        accepted.incrementAndGet();
        openNow++; // the loop is the only writer
        openPeak = Math.max(openPeak, openNow);
      }
    } catch (IOException e) { // such as "Too many open files": refuse at once, as EchoServer does
      acceptFailure.set(e);
      closeQuietly(listener);
    }
  }

  /**
   * Reads what the socket has, sends every whole line back in one write, and keeps the rest of a
   * line for the next read. The client closing ends the connection.
   */
  private void readAndEcho(SelectionKey key, SocketChannel channel) throws IOException {
    Unfinished unfinished = (Unfinished) key.attachment();
    ByteBuffer buffer = readBuffer.clear();
    if (unfinished != null && unfinished.partLine != null) {
      buffer.put(unfinished.partLine); // the line continues where it was cut
      unfinished.partLine = null;
    }
    int start = buffer.position();
    if (channel.read(buffer) < 0) {
      throw new IOException("the client closed");
    }
    int end = buffer.position();
    int lines = 0;
    int whole = 0; // bytes up to and including the last newline
    for (int i = start; i < end; i++) {
      if (buffer.get(i) == '\n') {
        lines++;
        whole = i + 1;
      }
    }
    int rest = end - whole;
    if (rest > MAX_LINE_BYTES) {
      throw new IOException("a line longer than " + MAX_LINE_BYTES + " bytes");
    }
    if (rest > 0) {
      unfinished = unfinishedOf(key);
      unfinished.partLine = new byte[rest];
      buffer.get(whole, unfinished.partLine);
    }
    if (whole > 0) {
      buffer.limit(whole).position(0);
      channel.write(buffer);
      echoed.addAndGet(lines);
      if (buffer.hasRemaining()) { // the socket's send buffer is full: keep the rest, stop reading
        unfinishedOf(key).unsent = ByteBuffer.allocate(buffer.remaining()).put(buffer).flip();
        key.interestOps(SelectionKey.OP_WRITE);
        heldBack.incrementAndGet();
      }
    }
    if (unfinished != null && unfinished.partLine == null && unfinished.unsent == null) {
      key.attach(null); // nothing left over: the connection holds nothing of its own again
    }
  }

  /** Sends what an earlier echo left; returns whether all of it has gone (then reads again). */
  private boolean sendUnsent(SelectionKey key, SocketChannel channel) throws IOException {
    Unfinished unfinished = (Unfinished) key.attachment();
    channel.write(unfinished.unsent);
    if (unfinished.unsent.hasRemaining()) {
      return false;
    }
    unfinished.unsent = null;
    if (unfinished.partLine == null) {
      key.attach(null);
    }
    key.interestOps(SelectionKey.OP_READ);
    return true;
  }

  private static Unfinished unfinishedOf(SelectionKey key) {
    if (key.attachment() == null) {
      key.attach(new Unfinished());
    }
    return (Unfinished) key.attachment();
  }

  /** Ends one connection; the others go on. */
  private void drop(SelectionKey key, SocketChannel channel) {
    key.cancel();
    closeQuietly(channel);
    openNow--;
  }

  /**
   * Stops the server: the loop wakes up, closes the listener, every connection (its client reads
   * the end of the stream) and the selector, and ends; returns once it has.
   */
  @Override
  public void close() {
    closing = true;
    selector.wakeup();
    boolean interrupted = false;
    while (loop.isAlive()) {
      try {
        loop.join();
      } catch (InterruptedException e) {
        interrupted = true; // finish closing first, as ExecutorService.close() does
      }
    }
    closeQuietly(listener); // closed with the selector's keys already, unless accept failed first
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Returns whether the loop has ended: true once close() returns. */
  boolean isTerminated() {
    return !loop.isAlive();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // Closing is all that is wanted; a channel that fails to close is closed all the same.
    }
  }
}
