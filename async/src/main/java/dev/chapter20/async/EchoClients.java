package dev.chapter20.async;

import dev.chapter20.common.Durations;
import dev.chapter20.common.ExampleMenu.UsageException;
import dev.chapter20.common.LineSink;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Opens many connections to an {@link EchoServer} at once, each on a virtual thread, sends small
 * UTF-8 messages on each and checks every echo: Python's {@code asyncio.open_connection} in {@code
 * asyncio.gather}, one coroutine per connection. Beyond the chapter, whose section 20.4 has no
 * sockets.
 *
 * <p>Each connection connects, has its first message echoed, and waits until every connection has
 * got that far, so that all of them are open on both sides at the same moment; then it sends the
 * rest, one at a time, each read back before the next goes. What Java does differently: the same
 * blocking {@code connect}, {@code write} and {@code read} one would write for one connection, on
 * as many virtual threads as there are connections, with no {@code await} and no callback. Every
 * read has a time limit ({@value #READ_TIMEOUT_SECONDS} s, {@code SO_TIMEOUT}), so a silent server
 * ends the run instead of hanging it.
 *
 * <p><b>Threading:</b> a virtual thread per connection; the caller waits on a latch that each
 * connection counts down once, opened or failed, then opens a second latch that lets them go on (a
 * {@code countDown} happens-before the {@code await} it releases), and waits for them in the
 * executor's {@code close()}, after which their counts are visible. The first failure is published
 * through an {@link AtomicReference}, and closes every other socket so that no thread waits out its
 * timeout.
 *
 * @see Socket#setSoTimeout(int)
 * @see CountDownLatch
 */
public final class EchoClients {

  static final int READ_TIMEOUT_SECONDS = 30;
  static final Duration READ_TIMEOUT = Duration.ofSeconds(READ_TIMEOUT_SECONDS);
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

  /** The example's sizes: quick in one process, which holds both ends of every connection. */
  static final int CONNECTIONS = 1_000;

  static final int MESSAGES = 5;

  /**
   * What a run did: {@code openNanos} from the first connect until every connection had its first
   * echo, {@code nanos} until the last had closed.
   */
  public record Result(int connections, long echoesChecked, long openNanos, long nanos) {

    /** Returns whole conversations per second: connections over the time until the last closed. */
    public double connectionsPerSecond() {
      return connections / (nanos / 1e9);
    }
  }

  /** The first failure of a run, and how far its connection had got. */
  private record Failure(int connection, int echoes, boolean connected, IOException cause) {}

  /*
   * Maintainers: the classes a failing connection needs, loaded with this one rather than at the
   * first failure. A class loaded from a folder (target/classes under exec:exec) needs a file
   * descriptor for a moment, and the failure may be that there is none left.
   */
  private static final List<Class<?>> FAILURE_PATH = List.of(Failure.class, EchoException.class);

  private final InetSocketAddress server;
  private final int connections;
  private final int messages;
  private final CountDownLatch opened;
  private final CountDownLatch goOn = new CountDownLatch(1);
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicLong checked = new AtomicLong();
  private final AtomicReference<Failure> firstFailure = new AtomicReference<>();

  private EchoClients(InetSocketAddress server, int connections, int messages) {
    this.server = server;
    this.connections = connections;
    this.messages = messages;
    this.opened = new CountDownLatch(connections);
  }

  /**
   * Opens {@code connections} connections to {@code server} at once and sends {@code messages}
   * messages on each, checking every echo; returns once every connection has closed.
   *
   * @throws EchoException for the first connection that failed: refused, reset, closed early, a
   *     wrong echo, no echo within the read timeout, or a file-descriptor limit
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
    if (connections < 1 || messages < 1) {
      throw new IllegalArgumentException("needs at least one connection and one message");
    }
    return new EchoClients(server, connections, messages).converseAll(whenAllOpen);
  }

  private Result converseAll(Runnable whenAllOpen) throws EchoException, InterruptedException {
    long start = System.nanoTime();
    long openNanos;
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < connections; i++) {
        int connection = i;
        threads.execute(() -> converse(connection));
      }
      try {
        opened.await(); // bounded: each connect and each read has a time limit
        openNanos = System.nanoTime() - start;
        if (firstFailure.get() == null) {
          whenAllOpen.run();
        }
      } finally {
        goOn.countDown();
      }
    } // waits for every connection to end
    long nanos = System.nanoTime() - start;
    Failure failure = firstFailure.get();
    if (failure != null) {
      throw EchoException.ofClient(
          failure.connection(),
          connections,
          failure.echoes(),
          messages,
          failure.connected(),
          server,
          failure.cause());
    }
    return new Result(connections, checked.get(), openNanos, nanos);
  }

  /** One connection: connect, one echo, wait for the others, then the rest of the messages. */
  private void converse(int connection) {
    Socket socket = new Socket();
    sockets.add(socket);
    boolean connected = false;
    boolean countedOpen = false;
    int echoes = 0;
    try (socket) {
      if (firstFailure.get() != null) {
        return; // another connection has failed: the run is over
      }
      socket.connect(server, (int) CONNECT_TIMEOUT.toMillis());
      connected = true;
      socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      byte[] buffer = new byte[EchoServer.BUFFER_BYTES];
      roundTrip(in, out, buffer, message(connection, 0));
      echoes = 1;
      opened.countDown();
      countedOpen = true;
      goOn.await(); // until every connection is open
      for (; echoes < messages && firstFailure.get() == null; echoes++) {
        roundTrip(in, out, buffer, message(connection, echoes));
      }
      checked.addAndGet(echoes);
    } catch (IOException e) {
      if (firstFailure.compareAndSet(null, new Failure(connection, echoes, connected, e))) {
        for (Socket other : sockets) {
          closeQuietly(other); // the others' reads fail now, not in 30 s
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the run is being abandoned; the socket closes
    } finally {
      if (!countedOpen) {
        opened.countDown(); // counted once, opened or not, so the caller never waits for it
      }
      sockets.remove(socket);
    }
  }

  /**
   * Sends one message as a line of UTF-8 and checks that the same bytes come back, read into {@code
   * buffer}: the connection's own, so a round trip allocates only the message.
   */
  private static void roundTrip(InputStream in, OutputStream out, byte[] buffer, String message)
      throws IOException {
    byte[] sent = (message + "\n").getBytes(StandardCharsets.UTF_8);
    out.write(sent);
    int length = readLine(in, buffer);
    if (!Arrays.equals(buffer, 0, length, sent, 0, sent.length - 1)) {
      String echo = new String(buffer, 0, length, StandardCharsets.UTF_8);
      throw new ProtocolException("sent '" + message + "' but got '" + echo + "' back");
    }
  }

  /**
   * Reads one line into {@code buffer} and returns its length, its newline excluded. Only one line
   * is due (each message waits for its echo), so bytes after the newline are an error too.
   *
   * @throws EOFException if the stream ends before the line's newline
   * @throws ProtocolException if the line does not fit the buffer, or more than a line came
   */
  static int readLine(InputStream in, byte[] buffer) throws IOException {
    int length = 0;
    while (true) {
      int n = in.read(buffer, length, buffer.length - length);
      if (n < 0) {
        throw new EOFException(
            length == 0
                ? "the server closed the connection"
                : "the connection ended in the middle of a line");
      }
      int end = length + n;
      for (int i = length; i < end; i++) {
        if (buffer[i] == '\n') {
          if (i != end - 1) {
            throw new ProtocolException("more than one line came back for one message");
          }
          return i;
        }
      }
      length = end;
      if (length == buffer.length) {
        throw new ProtocolException("a line longer than " + (buffer.length - 1) + " bytes");
      }
    }
  }

  /** The text of message {@code number} of connection {@code connection}: unique, not ASCII. */
  static String message(int connection, int number) {
    return "connection " + connection + ", message " + number + ": 안녕하세요";
  }

  /** How an example runs its clients: {@link EchoClients} or {@link SelectorEchoClients}. */
  @FunctionalInterface
  interface Runner {
    Result run(InetSocketAddress server, int connections, int messages, Runnable whenAllOpen)
        throws EchoException, InterruptedException;
  }

  /**
   * The example: an {@link EchoServer} and {@code [connections] [messages]} clients (1,000 and 5
   * unless given) in this process, a virtual thread per connection at each end, with what the
   * server counted.
   */
  static void example(LineSink out, List<String> args) throws Exception {
    example(out, args, false);
  }

  /**
   * The same with a {@link SelectorEchoServer} and {@link SelectorEchoClients}, if {@code
   * eventLoop}: one thread's event loop at each end.
   */
  static void example(LineSink out, List<String> args, boolean eventLoop) throws Exception {
    if (args.size() > 2) {
      throw new UsageException("takes at most two numbers, connections and messages");
    }
    int connections = args.isEmpty() ? CONNECTIONS : positive(args.get(0), "connections");
    int messages = args.size() < 2 ? MESSAGES : positive(args.get(1), "messages");
    long accepted;
    Runner clients = eventLoop ? SelectorEchoClients::run : EchoClients::run;
    try (EchoService server = eventLoop ? SelectorEchoServer.start(0) : EchoServer.start(0)) {
      out.println(
          "echo server on "
              + EchoException.text(server.address())
              + (eventLoop
                  ? ": one thread's Selector loop for every connection"
                  : ": a virtual thread per connection"));
      out.println(
          String.format(
              Locale.ROOT,
              "%,d clients connect at once, %s, %d messages each",
              connections,
              eventLoop ? "all on this thread's Selector loop" : "a virtual thread each",
              messages));
      Result result;
      try {
        result =
            clients.run(
                server.address(),
                connections,
                messages,
                () ->
                    out.println(
                        String.format(
                            Locale.ROOT,
                            "all %,d connections open, each echoed once; the server counts %,d",
                            connections,
                            server.openConnections())));
      } catch (EchoException e) {
        EchoException first = server.acceptFailure().map(EchoException::ofAccept).orElse(e);
        throw first.tooManyOpenFiles()
            ? EchoException.tooManyInOneProcess(connections, first)
            : first;
      }
      out.println(
          String.format(
              Locale.ROOT,
              "%,d echoes checked, every one the same text: %,d connections x %d messages",
              result.echoesChecked(),
              connections,
              messages));
      out.println(
          String.format(
              Locale.ROOT,
              "%,d connections in %s (all open after %s): %,.0f connections/s",
              connections,
              Durations.format(result.nanos()),
              Durations.format(result.openNanos()),
              result.connectionsPerSecond()));
      out.println(
          String.format(
              Locale.ROOT,
              "most connections open at once, counted by the server: %,d",
              server.peakConnections()));
      accepted = server.accepted();
    }
    out.println(
        eventLoop
            ? String.format(Locale.ROOT, "server closed: its loop ended, %,d connections", accepted)
            : String.format(Locale.ROOT, "server closed: %,d handler threads ended", accepted));
  }

  private static int positive(String text, String what) {
    try {
      int value = Integer.parseInt(text.replace(",", "").replace("_", ""));
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // the usage error below says what was expected
    }
    throw new UsageException(what + " must be a whole number above 0, got '" + text + "'");
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing is all that is wanted.
    }
  }
}
