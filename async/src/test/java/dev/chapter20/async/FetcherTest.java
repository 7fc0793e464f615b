package dev.chapter20.async;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chapter20.async.support.LocalServer;
import dev.chapter20.common.ExampleMenu.UsageException;
import java.io.IOException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bodies, charsets, and every failure as one line, against MockWebServer: no network needed. */
@Timeout(30)
class FetcherTest {

  @StartStop private final MockWebServer server = new MockWebServer();

  private final Fetcher fetcher = new Fetcher();

  @AfterEach
  void closeFetcher() {
    fetcher.close();
  }

  private String get(Fetcher client, HttpUrl url) throws FetchException {
    return client.execute(client.newCall(url));
  }

  @Test
  void aBodyThatDeclaresNoCharsetIsDecodedAsUtf8() throws Exception {
    server.enqueue(new MockResponse.Builder().body(LocalServer.GREETING).build());

    assertEquals(LocalServer.GREETING, get(fetcher, server.url("/")));
  }

  @Test
  void aBodyIsDecodedByTheCharsetItsContentTypeDeclares() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("Content-Type", "text/plain; charset=EUC-KR")
            .body(new Buffer().write(LocalServer.GREETING.getBytes(LocalServer.EUC_KR)))
            .build());
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("Content-Type", "text/plain; charset=ISO-8859-1")
            .body(new Buffer().write("café".getBytes(StandardCharsets.ISO_8859_1)))
            .build());

    assertEquals(LocalServer.GREETING, get(fetcher, server.url("/euc-kr")));
    assertEquals("café", get(fetcher, server.url("/latin-1")));
  }

  @Test
  void aStatusOutside2xxIsAFetchExceptionNamingUrlAndStatus() {
    server.enqueue(new MockResponse.Builder().status("HTTP/1.1 404 Not Found").build());
    server.enqueue(new MockResponse.Builder().status("HTTP/1.1 503 Service Unavailable").build());
    HttpUrl missing = server.url("/missing");
    HttpUrl busy = server.url("/busy");

    assertEquals(
        "GET " + missing + ": HTTP 404 Not Found",
        assertThrows(FetchException.class, () -> get(fetcher, missing)).getMessage());
    assertEquals(
        "GET " + busy + ": HTTP 503 Service Unavailable",
        assertThrows(FetchException.class, () -> get(fetcher, busy)).getMessage());
  }

  @Test
  void aRefusedConnectionIsOneLine() throws IOException {
    try (RefusingPort nobody = new RefusingPort()) {
      HttpUrl url = nobody.url();

      FetchException e = assertThrows(FetchException.class, () -> get(fetcher, url));

      assertEquals(
          "GET " + url + ": connection refused by 127.0.0.1:" + nobody.port(), e.getMessage());
    }
  }

  @Test
  void anUnknownHostIsOneLine() {
    OkHttpClient.Builder noDns =
        new OkHttpClient.Builder()
            .dns(
                host -> {
                  throw new UnknownHostException(host);
                });
    try (Fetcher offline = new Fetcher(noDns, Duration.ofSeconds(2), Duration.ofSeconds(5))) {
      HttpUrl url = HttpUrl.get("http://no-such-host.invalid/");

      FetchException e = assertThrows(FetchException.class, () -> get(offline, url));

      assertEquals("GET " + url + ": unknown host 'no-such-host.invalid'", e.getMessage());
    }
  }

  @Test
  void aBodyThatStopsArrivingHitsTheReadTimeout() {
    server.enqueue(
        new MockResponse.Builder().body("0123456789").throttleBody(1, 1, TimeUnit.SECONDS).build());
    HttpUrl url = server.url("/trickle");
    try (Fetcher impatient = new Fetcher(Duration.ofMillis(200), Duration.ofSeconds(10))) {

      FetchException e = assertThrows(FetchException.class, () -> get(impatient, url));

      assertEquals("GET " + url + ": timed out: no data for 200 ms (read timeout)", e.getMessage());
    }
  }

  @Test
  void aSlowButSteadyBodyHitsTheCallTimeout() {
    server.enqueue(
        new MockResponse.Builder()
            .body("x".repeat(100))
            .throttleBody(1, 100, TimeUnit.MILLISECONDS)
            .build());
    HttpUrl url = server.url("/slow");
    try (Fetcher impatient = new Fetcher(Duration.ofSeconds(5), Duration.ofMillis(300))) {

      FetchException e = assertThrows(FetchException.class, () -> get(impatient, url));

      assertEquals("GET " + url + ": timed out after 300 ms (call timeout)", e.getMessage());
    }
  }

  @Test
  void oneCallCanShortenItsOwnTimeout() {
    HeldResponses held = new HeldResponses();
    server.setDispatcher(held);
    HttpUrl url = server.url("/never");
    Call call = fetcher.newCall(url);
    call.timeout().timeout(200, TimeUnit.MILLISECONDS);

    FetchException e = assertThrows(FetchException.class, () -> fetcher.execute(call));

    assertEquals("GET " + url + ": timed out after 200 ms (call timeout)", e.getMessage());
    held.release();
  }

  @Test
  void aMalformedUrlIsAUsageErrorThatQuotesIt() {
    for (String text : new String[] {"not a url", "ftp://example.com/", "127.0.0.1:8080"}) {
      UsageException e = assertThrows(UsageException.class, () -> Fetcher.parseUrl(text));
      assertEquals(
          "malformed URL '" + text + "': expected http://... or https://...", e.getMessage());
    }
  }

  @Test
  void closeStopsTheDispatcherThreadsAndEmptiesTheConnectionPool() throws Exception {
    server.enqueue(new MockResponse.Builder().body("one").build());
    assertEquals("one", FetchAsync.fetch(fetcher, server.url("/")).get());

    fetcher.close();

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> fetcher.client().dispatcher().executorService().isTerminated());
    assertEquals(0, fetcher.client().connectionPool().connectionCount());
  }
}
