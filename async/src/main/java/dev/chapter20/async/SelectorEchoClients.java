package dev.chapter20.async;

import dev.chapter20.async.EchoClients.Result;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The same conversations as {@link EchoClients}, on one thread's event loop: every connection is a
 * non-blocking {@link SocketChannel} registered with one {@link Selector}, and the calling thread
 * serves whichever is ready, as asyncio's loop runs the coroutines of {@code asyncio.gather} and
 * Node's runs its promises. Beyond the chapter, whose section 20.4 has no sockets.
 *
 * <p>What Java does differently: the steps a coroutine writes one after another (connect, send,
 * read the echo, send the next) are a {@link Conversation} object here, moved on by whatever the
 * selector says is ready. The rules are {@link EchoClients}'s: every connection has its first echo
 * before any sends its second, each message waits for its echo, and every echo is checked byte by
 * byte as it arrives (so a conversation keeps no read buffer: only its message and how much of it
 * has come back). No socket ready for {@value EchoClients#READ_TIMEOUT_SECONDS} s ends the run, as
 * a silent server ends {@link EchoClients}' reads.
 *
 * <p><b>Threading:</b> everything runs on the calling thread, which owns the selector and every
 * channel; nothing is shared. An interrupt wakes the selector up and ends the run with every
 * channel closed.
 *
 * @see Selector#select(java.util.function.Consumer, long)
 */
public final class SelectorEchoClients {

  /** The loop's one read buffer, for every connection: echoes are checked as they arrive. */
  private static final int READ_BUFFER_BYTES = 16 * 1024;

  private final InetSocketAddress server;
  private final Duration timeout; // with no socket ready for this long, the run fails
  private final int connections;
  private final int messages;
  private final Selector selector;
  private final List<Conversation> conversations;
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
  private int opened; // conversations that have had their first echo
  private int ended; // conversations done with every message
  private long checked; // echoes checked
  private Conversation failed; // the first to fail; the run stops there
  private IOException failure;

  /** One connection's progress: which message is out, and how much of its echo has come back. */
  private static final class Conversation {
    final int connection;
    final SocketChannel channel;
    boolean connected;
    int echoes; // whole echoes checked
    byte[] sent; // the message out now, with its newline
    int matched; // bytes of its echo checked so far
    ByteBuffer unsent; // what the socket has not taken of it yet; null when all has gone

    Conversation(int connection, SocketChannel channel) {
      this.connection = connection;
      this.channel = channel;
    }
  }

  private SelectorEchoClients(
      InetSocketAddress server, int connections, int messages, Duration timeout)
      throws IOException {
    this.server = server;
    this.timeout = timeout;
    this.connections = connections;
    this.messages = messages;
    this.selector = Selector.open();
    this.conversations = new ArrayList<>(connections);
  }

  /**
   * Opens {@code connections} connections to {@code server} at once and sends {@code messages}
   * messages on each, checking every echo; returns once every connection has closed.
   *
   * @throws EchoException for the first connection that failed: refused, reset, closed early, a
   *     wrong echo, no progress within the read timeout, or a file-descriptor limit
   */
  public static Result run(InetSocketAddress server, int connections, int messages)
      throws EchoException, InterruptedException {
    return run(server, connections, messages, () -> {});
  }

  /**
   * The same, running {@code whenAllOpen} on the calling thread at the moment every connection has
   * had its first echo and none has sent its second (not run if a connection failed).
   */
  static Result run(InetSocketAddress server, int connections, int messages, Runnable whenAllOpen)
      throws EchoException, InterruptedException {
    return run(server, connections, messages, whenAllOpen, EchoClients.READ_TIMEOUT);
  }

  /** The same, ending the run when no socket has been ready for {@code timeout}. */
  static Result run(
      InetSocketAddress server,
      int connections,
      int messages,
      Runnable whenAllOpen,
      Duration timeout)
      throws EchoException, InterruptedException {
    if (connections < 1 || messages < 1) {
      throw new IllegalArgumentException("needs at least one connection and one message");
    }
    SelectorEchoClients clients;
    try {
      clients = new SelectorEchoClients(server, connections, messages, timeout);
    } catch (IOException e) { // no selector: not one connection could start
      throw EchoException.ofClient(0, connections, 0, messages, false, server, e);
    }
    try {
      return clients.converseAll(whenAllOpen);
    } finally {
      clients.closeAll();
    }
  }

  private Result converseAll(Runnable whenAllOpen) throws EchoException, InterruptedException {
    long start = System.nanoTime();
    for (int i = 0; i < connections && failed == null; i++) {
      open(i);
    }
    long openNanos = 0;
    long lastEvent = System.nanoTime();
    while (failed == null && ended < connections) {
      int openedBefore = opened;
      int ready;
      try {
        ready = selector.select(this::serve, Math.max(1, timeout.toMillis()));
      } catch (IOException e) {
        fail(conversations.get(0), e); // the selector itself failed: blame the first
        break;
      }
      if (Thread.interrupted()) {
        throw new InterruptedException("the echo clients were interrupted");
      }
      long now = System.nanoTime();
      if (ready > 0) {
        lastEvent = now;
      } else if (now - lastEvent >= timeout.toNanos()) {
        // No socket was ready for the whole time limit: blame the first still waiting.
        fail(firstUnfinished(), new SocketTimeoutException("nothing came back"));
      }
      if (opened == connections && openedBefore < connections && failed == null) {
        openNanos = now - start;
        whenAllOpen.run();
        for (Conversation c : conversations) { // every connection is open: go on, all of them
          next(c);
        }
      }
    }
    if (failed != null) {
      throw EchoException.ofClient(
          failed.connection,
          connections,
          failed.echoes,
          messages,
          failed.connected,
          server,
          failure);
    }
    return new Result(connections, checked, openNanos, System.nanoTime() - start);
  }

  /** Starts connection {@code i}; loopback connects may finish at once. */
  private void open(int i) {
    SocketChannel channel;
    try {
      channel = SocketChannel.open();
    } catch (IOException e) { // such as "Too many open files"
      fail(new Conversation(i, null), e);
      return;
    }
    Conversation c = new Conversation(i, channel);
    conversations.add(c);
    try {
      channel.configureBlocking(false);
      SelectionKey key = channel.register(selector, 0, c);
      if (channel.connect(server)) {
        connected(c, key);
      } else {
        key.interestOps(SelectionKey.OP_CONNECT);
      }
    } catch (IOException e) {
      fail(c, e);
    }
  }

  /** Moves one ready conversation on: its connect finished, its message went, its echo came. */
  private void serve(SelectionKey key) {
    Conversation c = (Conversation) key.attachment();
    if (failed != null || !key.isValid()) {
      return;
    }
    try {
      if (key.isConnectable() && c.channel.finishConnect()) {
        connected(c, key);
      } else if (key.isWritable()) {
        sendRest(c, key);
      } else if (key.isReadable()) {
        readEcho(c, key);
      }
    } catch (IOException e) {
      fail(c, e);
    }
  }

  private void connected(Conversation c, SelectionKey key) throws IOException {
    c.connected = true;
    send(c, key, 0);
  }

  /** Sends message {@code number} and waits for its echo (or for the socket to take the rest). */
  private void send(Conversation c, SelectionKey key, int number) throws IOException {
    c.sent = (EchoClients.message(c.connection, number) + "\n").getBytes(StandardCharsets.UTF_8);
    c.matched = 0;
    ByteBuffer out = ByteBuffer.wrap(c.sent);
    c.channel.write(out);
    c.unsent = out.hasRemaining() ? out : null;
    key.interestOps(c.unsent == null ? SelectionKey.OP_READ : SelectionKey.OP_WRITE);
  }

  private void sendRest(Conversation c, SelectionKey key) throws IOException {
    c.channel.write(c.unsent);
    if (!c.unsent.hasRemaining()) {
      c.unsent = null;
      key.interestOps(SelectionKey.OP_READ);
    }
  }

  /**
   * Checks what has come back against the message, byte by byte. A whole echo moves the
   * conversation on; a wrong byte, anything after the newline, or the end of the stream fails it.
   */
  private void readEcho(Conversation c, SelectionKey key) throws IOException {
    ByteBuffer buffer = readBuffer.clear();
    if (c.channel.read(buffer) < 0) {
      throw new EOFException(
          c.matched == 0
              ? "the server closed the connection"
              : "the connection ended in the middle of a line");
    }
    buffer.flip();
    while (buffer.hasRemaining()) {
      if (c.matched == c.sent.length) {
        throw new ProtocolException("more than one line came back for one message");
      }
      if (buffer.get() != c.sent[c.matched]) {
        String message = new String(c.sent, 0, c.sent.length - 1, StandardCharsets.UTF_8);
        throw new ProtocolException(
            "sent '" + message + "' but the echo differed at byte " + (c.matched + 1));
      }
      c.matched++;
    }
    if (c.matched < c.sent.length) {
      return; // the rest of the echo is still on its way
    }
    c.echoes++;
    checked++;
    if (c.echoes == 1) {
      opened++; // the others' first echoes come first: next() runs once every one is open
      key.interestOps(0);
    } else {
      next(c);
    }
  }

  /** Sends the conversation's next message, or closes it if every message has been echoed. */
  private void next(Conversation c) {
    try {
      if (c.echoes < messages) {
        send(c, c.channel.keyFor(selector), c.echoes);
      } else {
        c.channel.close();
        ended++;
      }
    } catch (IOException e) {
      fail(c, e);
    }
  }

  private Conversation firstUnfinished() {
    for (Conversation c : conversations) {
      if (c.channel.isOpen()) {
        return c;
      }
    }
    return conversations.get(0);
  }

  /** Records the first failure; the loop stops at it and every channel is closed. */
  private void fail(Conversation c, IOException e) {
    if (failed == null) {
      failed = c;
      failure = e;
    }
  }

  private void closeAll() {
    for (Conversation c : conversations) {
      closeQuietly(c.channel);
    }
    closeQuietly(selector);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // Closing is all that is wanted.
    }
  }
}
