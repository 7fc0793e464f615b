package dev.chapter20.async;

import static dev.chapter20.async.EchoSockets.connect;
import static dev.chapter20.async.EchoSockets.readLineBytes;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What only the event-loop echo pair ({@link SelectorEchoServer}, {@link SelectorEchoClients})
 * does, beside what both pairs promise ({@link EchoPairsTest}): a line cut between reads or a
 * character split between writes comes back whole, a line too long ends only its own connection, a
 * client that sends without reading is held back without stopping the others, and the clients' own
 * ways to fail (a wrong echo, a silent server, an interrupt) end a run with one line or the
 * interrupt, every channel closed.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SelectorEchoTest {

  private static final int MESSAGES = 5;

  @Test
  void aCharacterSplitBetweenWritesAndManyLinesInOneWriteComeBackAsSent() throws Exception {
    String line = EchoClients.message(7, 3) + " 😀";
    byte[] sent = (line + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] three = "one\ntwo\nthree\n".getBytes(StandardCharsets.UTF_8);
    try (SelectorEchoServer server = SelectorEchoServer.start(0);
        Socket socket = connect(server)) {
      OutputStream out = socket.getOutputStream();
      int inside = line.indexOf('안') + 1; // after the first of the character's three bytes
      out.write(Arrays.copyOfRange(sent, 0, inside)); // TCP_NODELAY: most likely read alone
      out.flush();
      out.write(Arrays.copyOfRange(sent, inside, sent.length));
      assertArrayEquals(sent, readLineBytes(socket.getInputStream()));

      out.write(three);
      InputStream in = socket.getInputStream();
      assertEquals("one\n", new String(readLineBytes(in), StandardCharsets.UTF_8));
      assertEquals("two\n", new String(readLineBytes(in), StandardCharsets.UTF_8));
      assertEquals("three\n", new String(readLineBytes(in), StandardCharsets.UTF_8));
    }
  }

  @Test
  void aLineTooLongEndsItsConnectionAndNoOther() throws Exception {
    byte[] tooLong = new byte[SelectorEchoServer.MAX_LINE_BYTES + 1]; // its newline never comes
    Arrays.fill(tooLong, (byte) 'x');
    try (SelectorEchoServer server = SelectorEchoServer.start(0);
        Socket offender = connect(server);
        Socket other = connect(server)) {
      offender.getOutputStream().write(tooLong);
      other.getOutputStream().write("still here\n".getBytes(StandardCharsets.UTF_8));

      assertEquals(-1, offender.getInputStream().read(), "the server closed that connection");
      assertArrayEquals(
          "still here\n".getBytes(StandardCharsets.UTF_8), readLineBytes(other.getInputStream()));
    }
  }

  @Test
  void aClientThatDoesNotReadIsHeldBackAndTheOthersAreStillServed() throws Exception {
    byte[] line = ("x".repeat(99) + "\n").getBytes(StandardCharsets.UTF_8);
    int lines = 100_000; // 10 MB: more than the sockets' buffers hold, so the server must wait
    try (SelectorEchoServer server = SelectorEchoServer.start(0);
        Socket greedy = new Socket();
        Socket other = connect(server)) {
      greedy.setReceiveBufferSize(4096); // a small window: the server's writes fill up soon
      greedy.connect(server.address(), 10_000);
      greedy.setSoTimeout(10_000);
      CompletableFuture<Void> sending =
          CompletableFuture.runAsync(
              () -> {
                try {
                  OutputStream out = greedy.getOutputStream();
                  for (int i = 0; i < lines; i++) {
                    out.write(line);
                  }
                } catch (IOException e) {
                  throw new RuntimeException(e);
                }
              });
      await("the server stops reading the client that does not read")
          .atMost(Duration.ofSeconds(30))
          .until(() -> server.heldBack() > 0);

      other.getOutputStream().write("still here\n".getBytes(StandardCharsets.UTF_8));
      assertArrayEquals(
          "still here\n".getBytes(StandardCharsets.UTF_8), readLineBytes(other.getInputStream()));

      InputStream in = greedy.getInputStream(); // now read everything: it all comes back
      byte[] echoed = in.readNBytes(lines * line.length);
      sending.get(30, TimeUnit.SECONDS);
      assertEquals(lines * line.length, echoed.length);
      for (int i = 0; i < lines; i++) {
        assertArrayEquals(line, Arrays.copyOfRange(echoed, i * line.length, (i + 1) * line.length));
      }
    }
  }

  @Test
  void aWrongEchoEndsTheRunNamingTheMessage() throws Exception {
    try (OneConnectionServer server = new OneConnectionServer("not what was sent\n")) {
      EchoException e =
          assertThrows(
              EchoException.class, () -> SelectorEchoClients.run(server.address(), 1, MESSAGES));

      assertTrue(
          e.getMessage()
              .startsWith(
                  "connection 1 of 1: sent '" + EchoClients.message(0, 0) + "' but the echo"),
          e.getMessage());
    }
  }

  @Test
  void aSilentServerEndsTheRunAtTheTimeLimit() throws Exception {
    try (OneConnectionServer server = new OneConnectionServer(null)) {
      EchoException e =
          assertThrows(
              EchoException.class,
              () ->
                  SelectorEchoClients.run(
                      server.address(), 1, MESSAGES, () -> {}, Duration.ofMillis(200)));

      assertTrue(e.getMessage().contains("no echo within"), e.getMessage());
    }
  }

  @Test
  void anInterruptEndsTheRunWithEveryChannelClosed() throws Exception {
    try (OneConnectionServer server = new OneConnectionServer(null)) {
      CompletableFuture<Throwable> ended = new CompletableFuture<>();
      Thread run =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      SelectorEchoClients.run(server.address(), 1, MESSAGES);
                      ended.complete(null);
                    } catch (Throwable t) {
                      ended.complete(t);
                    }
                  });
      server.awaitMessage(); // the client has connected and sent, and waits for its echo
      run.interrupt();

      assertTrue(ended.get(10, TimeUnit.SECONDS) instanceof InterruptedException);
      assertEquals(-1, server.readAfterMessage(), "the client closed its channel");
      run.join();
      assertFalse(run.isAlive());
    }
  }

  /**
   * A server for one connection: reads the first line, then answers {@code reply} (null: never
   * answers). Its own thread accepts and reads; closing it ends that thread's wait.
   */
  private static final class OneConnectionServer implements AutoCloseable {
    private final ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    private final CompletableFuture<Socket> accepted = new CompletableFuture<>();
    private final CompletableFuture<Void> messageRead = new CompletableFuture<>();
    private final Thread thread;

    OneConnectionServer(String reply) throws IOException {
      thread =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      Socket socket = listener.accept();
                      socket.setSoTimeout(10_000);
                      accepted.complete(socket);
                      readLineBytes(socket.getInputStream());
                      messageRead.complete(null);
                      if (reply != null) {
                        socket.getOutputStream().write(reply.getBytes(StandardCharsets.UTF_8));
                      }
                    } catch (IOException e) {
                      accepted.completeExceptionally(e);
                      messageRead.completeExceptionally(e);
                    }
                  });
    }

    InetSocketAddress address() {
      return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    void awaitMessage() throws Exception {
      messageRead.get(10, TimeUnit.SECONDS);
    }

    /** Reads on the accepted socket once the first line is in: -1 when the client has closed. */
    int readAfterMessage() throws Exception {
      awaitMessage();
      return accepted.get().getInputStream().read();
    }

    /** Closes the listener and the connection, which ends the thread's accept or read. */
    @Override
    public void close() throws IOException {
      listener.close();
      Socket socket = accepted.getNow(null);
      if (socket != null) {
        socket.close();
      }
    }
  }
}
