package dev.chapter20.async;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP echo server on 127.0.0.1 that sends every line back as it came: Python's {@code
 * asyncio.start_server} with a handler that loops over {@code reader.readline()} and {@code
 * writer.write(line)}. Beyond the chapter, whose section 20.4 has no sockets.
 *
 * <p>What Java does differently: no callbacks and no event loop. Each connection gets a virtual
 * thread that runs plain blocking code, read a line, write it back, until the client closes; a
 * blocked read parks the virtual thread and gives its carrier thread back, as an {@code await}
 * gives the event loop back. The server never decodes: each whole line goes back as the bytes that
 * came, so UTF-8 text comes back exactly as it was sent. Each connection holds one buffer of
 * {@value #BUFFER_BYTES} bytes and allocates nothing per line, rather than the 24 KiB an {@code
 * InputStreamReader} under a {@code BufferedReader} would hold (8 KiB of bytes and 8,192 chars) and
 * a {@code String} per line: at 10,000 connections, 5 MiB of buffers rather than 234 MiB. The
 * handler reads straight from the socket, so a parked handler's stack is as short as the JDK
 * allows: those frames are copied to the heap while it waits, and are most of what a connection
 * costs.
 *
 * <p><b>Threading:</b> one virtual thread accepts; each accepted socket is registered, counted and
 * handed to a virtual thread of its own (submitting a task happens-before it runs), which alone
 * reads and writes it. The counters are atomics; the set of open sockets is concurrent. {@link
 * #close} stops accepting, closes every open socket (which ends each handler's blocked read) and
 * waits for every thread to end.
 *
 * @see ServerSocket#accept()
 * @see Executors#newThreadPerTaskExecutor(java.util.concurrent.ThreadFactory)
 */
public final class EchoServer implements EchoService {

  /** How many connections may wait for {@code accept} at once; Linux caps it at somaxconn. */
  public static final int BACKLOG = 4096;

  /**
   * Each connection's read buffer, at each end: small, because there may be 10,000 of them. The
   * longest line the server and the clients accept fits it with its newline.
   */
  static final int BUFFER_BYTES = 512;

  private final ServerSocket listener;
  private final ExecutorService handlers =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("echo-", 1).factory());
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger openNow = new AtomicInteger();
  private final AtomicInteger openPeak = new AtomicInteger();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong echoed = new AtomicLong();
  private final AtomicReference<IOException> acceptFailure = new AtomicReference<>();
  private final Thread acceptor;
  private volatile boolean closing;

  private EchoServer(ServerSocket listener) {
    this.listener = listener;
    this.acceptor = Thread.ofVirtual().name("echo-acceptor").start(this::acceptUntilClosed);
  }

  /** Starts a server on {@code port} of 127.0.0.1; port 0 takes any free one. */
  public static EchoServer start(int port) throws IOException {
    return new EchoServer(
        new ServerSocket(port, BACKLOG, InetAddress.getLoopbackAddress())); // not all interfaces
  }

  @Override
  public InetSocketAddress address() {
    return (InetSocketAddress) listener.getLocalSocketAddress();
  }

  @Override
  public int openConnections() {
    return openNow.get();
  }

  @Override
  public int peakConnections() {
    return openPeak.get();
  }

  @Override
  public long accepted() {
    return accepted.get();
  }

  @Override
  public long echoed() {
    return echoed.get();
  }

  @Override
  public Optional<IOException> acceptFailure() {
    return Optional.ofNullable(acceptFailure.get());
  }

  private void acceptUntilClosed() {
    while (true) {
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        if (!closing) {
          acceptFailure.set(e);
          closeQuietly(listener);
        }
        return;
      }
      open.add(socket);
      openPeak.accumulateAndGet(openNow.incrementAndGet(), Math::max);
      accepted.incrementAndGet();
      handlers.execute(() -> echoLines(socket));
    }
  }

  /**
   * Sends every line back until the client closes, or the connection fails or is closed. Each whole
   * line goes back as the bytes that came, never decoded: an echo has no use for the text.
   */
  private void echoLines(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      byte[] buffer = new byte[BUFFER_BYTES];
      int held = 0; // bytes of a line not yet whole, at the buffer's start
      int n;
      while ((n = in.read(buffer, held, buffer.length - held)) > 0) { // -1: the client closed
        int end = held + n;
        int lines = 0;
        int whole = 0; // bytes up to and including the last newline read
        for (int i = held; i < end; i++) {
          if (buffer[i] == '\n') {
            lines++;
            whole = i + 1;
          }
        }
        if (whole > 0) {
          out.write(buffer, 0, whole); // every whole line in one write
          echoed.addAndGet(lines);
        }
        held = end - whole;
        if (held == buffer.length) {
          throw new IOException("a line longer than " + (BUFFER_BYTES - 1) + " bytes");
        }
        System.arraycopy(buffer, whole, buffer, 0, held);
      }
    } catch (IOException e) {
      // A reset, a line too long, or close(): this connection ends, the others go on.
    } finally {
      open.remove(socket);
      openNow.decrementAndGet();
    }
  }

  /** Stops the server; returns once the acceptor and every handler have ended. */
  @Override
  public void close() {
    closing = true;
    closeQuietly(listener); // accept() throws: the acceptor ends
    boolean interrupted = false;
    while (acceptor.isAlive()) { // after this, no socket is added to open
      try {
        acceptor.join();
      } catch (InterruptedException e) {
        interrupted = true; // finish closing first, as ExecutorService.close() does
      }
    }
    open.forEach(EchoServer::closeQuietly); // a blocked read() throws: its handler ends
    handlers.close(); // waits for the handlers
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Returns whether the acceptor and every handler have ended: true once close() returns. */
  boolean isTerminated() {
    return !acceptor.isAlive() && handlers.isTerminated();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // Closing is all that is wanted; a socket that fails to close is closed all the same.
    }
  }
}
