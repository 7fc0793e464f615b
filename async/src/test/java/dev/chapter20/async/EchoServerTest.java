package dev.chapter20.async;

import static dev.chapter20.async.EchoSockets.connect;
import static dev.chapter20.async.EchoSockets.readLineBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The echo server and its clients: every message comes back exactly, all connections are open at
 * once on both sides, a line too long ends only its own connection, the clients read one line per
 * message however its bytes arrive, {@code close()} ends every server thread and closes the
 * clients' connections, and a server that goes away or was never there ends a run with one line.
 */
@Timeout(60)
class EchoServerTest {

  private static final int CONNECTIONS = 300;
  private static final int MESSAGES = 5;

  @Test
  void hundredsOfConnectionsAreOpenAtOnceAndEveryMessageComesBackExactly() throws Exception {
    try (EchoServer server = EchoServer.start(0)) {
      AtomicInteger openWhenAllOpen = new AtomicInteger(-1);

      EchoClients.Result result =
          EchoClients.run(
              server.address(),
              CONNECTIONS,
              MESSAGES,
              () -> openWhenAllOpen.set(server.openConnections()));

      // Each client had one echo (so the server had accepted it) and had not closed yet.
      assertEquals(CONNECTIONS, openWhenAllOpen.get());
      assertEquals(CONNECTIONS, server.peakConnections());
      assertEquals(CONNECTIONS, server.accepted());
      assertEquals(CONNECTIONS * MESSAGES, result.echoesChecked());
      assertEquals(CONNECTIONS * MESSAGES, server.echoed());
    }
  }

  @Test
  void theBytesThatComeBackAreTheUtf8OfTheLineSent() throws Exception {
    String line = EchoClients.message(7, 3) + " 😀";
    byte[] sent = (line + "\n").getBytes(StandardCharsets.UTF_8);
    try (EchoServer server = EchoServer.start(0);
        Socket socket = connect(server)) {
      OutputStream out = socket.getOutputStream();
      int inside = line.indexOf('안') + 1; // after the first of the character's three bytes
      // Two writes that split a character; with TCP_NODELAY the first leaves at once, so the
      // server most likely reads it alone, and must hold it until the line is whole.
      out.write(Arrays.copyOfRange(sent, 0, inside));
      out.flush();
      out.write(Arrays.copyOfRange(sent, inside, sent.length));

      assertArrayEquals(sent, readLineBytes(socket.getInputStream()));
    }
  }

  @Test
  void aLineLongerThanTheBufferEndsItsConnectionAndNoOther() throws Exception {
    byte[] tooLong = new byte[EchoServer.BUFFER_BYTES]; // no room left for its newline
    Arrays.fill(tooLong, (byte) 'x');
    try (EchoServer server = EchoServer.start(0);
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
  void theClientReadsOneLineWhateverItsReadsAndRefusesAnythingElse() throws IOException {
    byte[] buffer = new byte[EchoServer.BUFFER_BYTES];
    InputStream byteByByte =
        new ByteArrayInputStream("ok\n".getBytes(StandardCharsets.UTF_8)) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 1)); // every read returns one byte
          }
        };
    assertEquals(2, EchoClients.readLine(byteByByte, buffer));
    assertEquals("ok", new String(buffer, 0, 2, StandardCharsets.UTF_8));

    assertThrows(ProtocolException.class, () -> EchoClients.readLine(stream("ok\nmore"), buffer));
    assertThrows(EOFException.class, () -> EchoClients.readLine(stream(""), buffer));
    assertThrows(EOFException.class, () -> EchoClients.readLine(stream("half a li"), buffer));
    assertThrows(
        ProtocolException.class,
        () -> EchoClients.readLine(stream("x".repeat(EchoServer.BUFFER_BYTES)), buffer));
  }

  @Test
  void closeEndsEveryServerThreadAndClosesTheClientsConnections() throws Exception {
    List<Socket> clients = new ArrayList<>();
    EchoServer server = EchoServer.start(0);
    try {
      for (int i = 0; i < 50; i++) {
        Socket socket = connect(server);
        clients.add(socket);
        socket.getOutputStream().write("ping\n".getBytes(StandardCharsets.UTF_8));
        // The echo proves the server accepted this connection and its handler runs.
        assertArrayEquals(
            "ping\n".getBytes(StandardCharsets.UTF_8), readLineBytes(socket.getInputStream()));
      }
      assertEquals(50, server.openConnections());

      server.close(); // every handler is blocked in a read of a connection still open

      assertTrue(server.isTerminated(), "the acceptor and every handler have ended");
      assertEquals(0, server.openConnections());
      for (Socket client : clients) {
        assertEquals(-1, client.getInputStream().read(), "the server closed its end");
      }
    } finally {
      server.close();
      for (Socket client : clients) {
        client.close();
      }
    }
  }

  @Test
  void aServerClosedMidwayEndsTheRunWithOneLine() throws Exception {
    EchoServer server = EchoServer.start(0);

    EchoException e =
        assertThrows(
            EchoException.class,
            () -> EchoClients.run(server.address(), CONNECTIONS, MESSAGES, server::close));

    assertTrue(
        e.getMessage().matches("connection [\\d,]+ of 300: .+ after 1 of 5 echoes"),
        e.getMessage());
    assertTrue(server.isTerminated());
  }

  @Test
  void aRefusedConnectionIsOneLineNamingTheAddress() throws Exception {
    try (RefusingPort nobody = new RefusingPort()) {
      InetSocketAddress address =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), nobody.port());

      EchoException e =
          assertThrows(EchoException.class, () -> EchoClients.run(address, 3, MESSAGES));

      assertTrue(
          e.getMessage()
              .matches(
                  "connection [123] of 3: refused by 127\\.0\\.0\\.1:"
                      + nobody.port()
                      + " \\(is the server running\\?\\)"),
          e.getMessage());
    }
  }

  private static InputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
