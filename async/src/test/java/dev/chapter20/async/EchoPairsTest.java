package dev.chapter20.async;

import static dev.chapter20.async.EchoSockets.connect;
import static dev.chapter20.async.EchoSockets.readLineBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What both echo pairs promise, each test run once per pair ({@link Pair}): a virtual thread per
 * connection ({@link EchoServer}, {@link EchoClients}) and one thread's event loop at each end
 * ({@link SelectorEchoServer}, {@link SelectorEchoClients}). Every message comes back exactly with
 * all connections open at once, each pair's clients are served by the other pair's server, {@code
 * close()} ends the server and closes its clients' connections, and a server that goes away or was
 * never there ends a run with one line. What only one pair does is tested in {@link EchoServerTest}
 * and {@link SelectorEchoTest}.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EchoPairsTest {

  private static final int CONNECTIONS = 300;
  private static final int MESSAGES = 5;

  /** A server and the clients written the same way. */
  enum Pair {
    VIRTUAL_THREADS(() -> EchoServer.start(0), EchoClients::run),
    SELECTOR(() -> SelectorEchoServer.start(0), SelectorEchoClients::run);

    /** Starts a server on a free port. */
    interface Start {
      EchoService start() throws IOException;
    }

    /** Runs clients, calling {@code whenAllOpen} once every connection is open. */
    interface Clients {
      EchoClients.Result run(
          InetSocketAddress server, int connections, int messages, Runnable whenAllOpen)
          throws EchoException, InterruptedException;
    }

    private final Start server;
    private final Clients clients;

    Pair(Start server, Clients clients) {
      this.server = server;
      this.clients = clients;
    }

    EchoService start() throws IOException {
      return server.start();
    }

    EchoClients.Result run(
        InetSocketAddress address, int connections, int messages, Runnable whenAllOpen)
        throws EchoException, InterruptedException {
      return clients.run(address, connections, messages, whenAllOpen);
    }

    /** Returns whether the server's own threads have ended (a test-only method of each). */
    static boolean isTerminated(EchoService server) {
      return server instanceof EchoServer threads
          ? threads.isTerminated()
          : ((SelectorEchoServer) server).isTerminated();
    }
  }

  @ParameterizedTest
  @EnumSource(Pair.class)
  void hundredsOfConnectionsAreOpenAtOnceAndEveryMessageComesBackExactly(Pair pair)
      throws Exception {
    EchoService server = pair.start();
    try {
      AtomicInteger openWhenAllOpen = new AtomicInteger(-1);

      EchoClients.Result result =
          pair.run(
              server.address(),
              CONNECTIONS,
              MESSAGES,
              () -> openWhenAllOpen.set(server.openConnections()));

      // Each client had one echo (so the server had accepted it) and had not closed yet.
      assertEquals(CONNECTIONS, openWhenAllOpen.get());
      assertEquals(CONNECTIONS * MESSAGES, result.echoesChecked());
      server.close(); // the server counts an echo after sending it: final once its threads end
      assertEquals(CONNECTIONS, server.peakConnections());
      assertEquals(CONNECTIONS, server.accepted());
      assertEquals(CONNECTIONS * MESSAGES, server.echoed());
    } finally {
      server.close();
    }
  }

  @Test
  void eachPairsClientsAreServedByTheOtherPairsServer() throws Exception {
    try (EchoService threads = Pair.VIRTUAL_THREADS.start();
        EchoService loop = Pair.SELECTOR.start()) {
      assertEquals(
          CONNECTIONS * MESSAGES,
          Pair.SELECTOR.run(threads.address(), CONNECTIONS, MESSAGES, () -> {}).echoesChecked());
      assertEquals(
          CONNECTIONS * MESSAGES,
          Pair.VIRTUAL_THREADS
              .run(loop.address(), CONNECTIONS, MESSAGES, () -> {})
              .echoesChecked());
    }
  }

  @ParameterizedTest
  @EnumSource(Pair.class)
  void closeEndsTheServerAndClosesTheClientsConnections(Pair pair) throws Exception {
    List<Socket> clients = new ArrayList<>();
    EchoService server = pair.start();
    try {
      for (int i = 0; i < 50; i++) {
        Socket socket = connect(server);
        clients.add(socket);
        socket.getOutputStream().write("ping\n".getBytes(StandardCharsets.UTF_8));
        // The echo proves the server accepted this connection and serves it.
        assertArrayEquals(
            "ping\n".getBytes(StandardCharsets.UTF_8), readLineBytes(socket.getInputStream()));
      }
      assertEquals(50, server.openConnections());

      server.close(); // the server waits in a read or a select, every connection still open

      assertTrue(Pair.isTerminated(server), "the server's threads have ended");
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

  @ParameterizedTest
  @EnumSource(Pair.class)
  void aServerClosedMidwayEndsTheRunWithOneLine(Pair pair) throws Exception {
    EchoService server = pair.start();

    EchoException e =
        assertThrows(
            EchoException.class,
            () -> pair.run(server.address(), CONNECTIONS, MESSAGES, server::close));

    assertTrue(
        e.getMessage().matches("connection [\\d,]+ of 300: .+ after 1 of 5 echoes"),
        e.getMessage());
    assertTrue(Pair.isTerminated(server));
  }

  @ParameterizedTest
  @EnumSource(Pair.class)
  void aRefusedConnectionIsOneLineNamingTheAddress(Pair pair) throws Exception {
    try (RefusingPort nobody = new RefusingPort()) {
      InetSocketAddress address =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), nobody.port());

      EchoException e =
          assertThrows(EchoException.class, () -> pair.run(address, 3, MESSAGES, () -> {}));

      assertTrue(
          e.getMessage()
              .matches(
                  "connection [123] of 3: refused by 127\\.0\\.0\\.1:"
                      + nobody.port()
                      + " \\(is the server running\\?\\)"),
          e.getMessage());
    }
  }
}
