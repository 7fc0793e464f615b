package dev.chapter20.async.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.chapter20.common.ExampleMenu.UsageException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;

/**
 * A small HTTP server on 127.0.0.1 that the examples fetch from, so they run with no network: the
 * JDK's own {@link HttpServer}, on a free port.
 *
 * <pre>
 *   /hello          a Korean greeting, Content-Type: text/plain; charset=utf-8
 *   /hello-euc-kr   the same greeting in EUC-KR bytes, and a Content-Type that says so
 *   /items/{n}      "item n", after 10 ms of work; it counts how many it serves at once
 *   /stall          never answers, until the server stops; so does /stall/{anything}, and
 *                   each of these paths counts its own arrivals
 *   anything else   404 Not Found
 * </pre>
 *
 * <p><b>Threading:</b> every exchange runs on its own virtual thread, so a stalled one holds up
 * nothing else. The counters are atomics. {@link #close} stops accepting, releases stalled
 * exchanges and waits until every handler has returned.
 *
 * @see HttpServer
 */
public final class LocalServer implements AutoCloseable {

  public static final String GREETING = "안녕하세요, 비동기 세계! (20.4.2)";
  public static final Charset EUC_KR = Charset.forName("EUC-KR");

  /**
   * The server's work for one item: long enough that requests overlap, short enough to be quick.
   */
  public static final Duration ITEM_WORK = Duration.ofMillis(10);

  private final HttpServer server;
  private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final Map<String, Semaphore> stalledByPath = new ConcurrentHashMap<>();
  private final AtomicInteger itemsNow = new AtomicInteger();
  private final AtomicInteger itemsPeak = new AtomicInteger();

  private LocalServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(handlers);
    server.createContext("/", this::handle);
  }

  /** What an example does with the URLs it fetches. */
  @FunctionalInterface
  public interface UrlsAction {
    void fetch(List<HttpUrl> urls) throws Exception;
  }

  /**
   * Runs {@code action} on the one URL {@code given}; with none, on this server's two greetings
   * (UTF-8 and EUC-KR), started for the purpose and stopped afterwards.
   *
   * @throws UsageException for more than one URL
   */
  public static void withGivenOrLocalUrls(List<HttpUrl> given, UrlsAction action) throws Exception {
    if (given.size() > 1) {
      throw new UsageException("takes at most one URL, got " + given.size());
    }
    if (!given.isEmpty()) {
      action.fetch(given);
      return;
    }
    try (LocalServer server = start()) {
      action.fetch(List.of(server.url("/hello"), server.url("/hello-euc-kr")));
    }
  }

  /** Starts a server on a free port of 127.0.0.1. */
  public static LocalServer start() throws IOException {
    LocalServer local = new LocalServer();
    local.server.start();
    return local;
  }

  /** Returns the URL of {@code path} on this server. */
  public HttpUrl url(String path) {
    return HttpUrl.get("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /** Returns the most {@code /items/} requests this server has served at the same time. */
  public int peakItemsInFlight() {
    return itemsPeak.get();
  }

  /**
   * Waits until one more request has reached {@code path}, a path under {@code /stall} (5 s at
   * most). Each path counts apart, so a late request to one never answers a wait for another.
   */
  public void awaitStalledRequest(String path) throws InterruptedException {
    if (!arrivals(path).tryAcquire(5, TimeUnit.SECONDS)) {
      throw new IllegalStateException("no request reached " + path + " within 5 s");
    }
  }

  private Semaphore arrivals(String path) {
    return stalledByPath.computeIfAbsent(path, p -> new Semaphore(0));
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (path.equals("/hello")) {
        respond(exchange, 200, GREETING, StandardCharsets.UTF_8);
      } else if (path.equals("/hello-euc-kr")) {
        respond(exchange, 200, GREETING, EUC_KR);
      } else if (path.startsWith("/items/")) {
        item(exchange, path.substring("/items/".length()));
      } else if (path.equals("/stall") || path.startsWith("/stall/")) {
        arrivals(path).release();
        closing.await(); // no answer at all until close()
      } else {
        respond(exchange, 404, "no page " + path, StandardCharsets.UTF_8);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void item(HttpExchange exchange, String n) throws IOException, InterruptedException {
    itemsPeak.accumulateAndGet(itemsNow.incrementAndGet(), Math::max);
    try {
      Thread.sleep(ITEM_WORK); // the server's work for one item, so that requests overlap
      respond(exchange, 200, "item " + n, StandardCharsets.UTF_8);
    } finally {
      itemsNow.decrementAndGet();
    }
  }

  private static void respond(HttpExchange exchange, int status, String text, Charset charset)
      throws IOException {
    byte[] body = text.getBytes(charset);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=" + charset.name());
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  /** Stops the server: releases stalled requests, closes connections, waits for the handlers. */
  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    handlers.close();
  }
}
