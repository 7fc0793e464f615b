package dev.chapter20.benchmarks.workloads;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.chapter20.async.support.LocalServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one HTTP server every side of the comparison's fan-out fetches from: the JDK's {@link
 * HttpServer} on 127.0.0.1, each exchange on a virtual thread, answering {@value #PATH} with the
 * chapter's greeting ({@link LocalServer#GREETING}, 43 bytes of UTF-8) at once.
 *
 * <p>{@code compare.py} starts it once, in a JVM of its own ({@code ChapterWorkloads serve
 * WARM_UP}), reads the port from the first line it prints (after the server has answered {@code
 * WARM_UP} requests of its own), and gives that port to the Python, Java and Node clients in turn;
 * closing the server's standard input stops it. A backlog of {@value #BACKLOG} lets a client open
 * all its connections at once (Python's {@code urllib} opens one per request), and {@code
 * TCP_NODELAY} sends each response's headers and body without waiting for an ACK in between.
 *
 * <p><b>Threading:</b> the server's dispatcher thread accepts connections and hands each exchange
 * to a virtual thread; the request count is an atomic. {@link #close} stops accepting and waits for
 * the handlers.
 */
public final class FanOutServer implements AutoCloseable {

  /** The page every client GETs. */
  public static final String PATH = "/greeting";

  /** The body of {@value #PATH}, and what every client checks it received. */
  public static final String BODY = LocalServer.GREETING;

  static final int BACKLOG = 1024;
  private static final int WARM_UP_IN_FLIGHT = 64;

  private static final byte[] BODY_BYTES = BODY.getBytes(StandardCharsets.UTF_8);

  private final HttpServer server;
  private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicLong served = new AtomicLong();

  private FanOutServer() throws IOException {
    // Read once, when the JDK's server classes are first used: set it before creating one.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), BACKLOG);
    server.setExecutor(handlers);
    server.createContext("/", this::handle);
  }

  /** Starts a server on a free port of 127.0.0.1. */
  public static FanOutServer start() throws IOException {
    FanOutServer fanOutServer = new FanOutServer();
    fanOutServer.server.start();
    return fanOutServer;
  }

  /** Returns the port the server listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Returns how many greetings the server has sent. */
  public long served() {
    return served.get();
  }

  /**
   * Starts a server, answers {@code warmUp} requests of its own (so that the first client meets
   * compiled code, as the last one does), prints its port as a line of JSON on {@code out}, and
   * serves until {@code in} ends (the parent closed it, or died); returns how many greetings it
   * sent to others.
   */
  public static JsonLine serve(int warmUp, InputStream in, PrintStream out)
      throws IOException, InterruptedException {
    try (FanOutServer fanOutServer = start()) {
      fanOutServer.warmUp(warmUp);
      out.println(JsonLine.of("serve").put("port", fanOutServer.port()));
      out.flush();
      in.transferTo(OutputStream.nullOutputStream()); // returns at end of input
      return JsonLine.of("serve").put("served", fanOutServer.served());
    }
  }

  /** GETs the greeting {@code requests} times, 64 at a time, with the JDK's HTTP client. */
  void warmUp(int requests) throws IOException, InterruptedException {
    HttpRequest greeting =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + PATH)).build();
    Semaphore permits = new Semaphore(WARM_UP_IN_FLIGHT);
    List<Future<HttpResponse<String>>> responses = new ArrayList<>();
    try (HttpClient client = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < requests; i++) {
        responses.add(
            threads.submit(
                () -> {
                  permits.acquire();
                  try {
                    return client.send(greeting, HttpResponse.BodyHandlers.ofString());
                  } finally {
                    permits.release();
                  }
                }));
      }
    }
    for (Future<HttpResponse<String>> response : responses) {
      try {
        if (!response.get().body().equals(BODY)) {
          throw new IOException("warm-up: unexpected body " + response.get().body());
        }
      } catch (ExecutionException e) {
        throw new IOException("warm-up: " + e.getCause().getMessage(), e.getCause());
      }
    }
    served.set(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals(PATH)) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      exchange.sendResponseHeaders(200, BODY_BYTES.length);
      exchange.getResponseBody().write(BODY_BYTES);
      served.incrementAndGet();
    }
  }

  /** Stops accepting, closes the connections and waits for the handlers. */
  @Override
  public void close() {
    server.stop(0);
    handlers.close();
  }
}
