package dev.chapter20.async.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chapter20.async.FetchAsync;
import dev.chapter20.async.FetchBlocking;
import dev.chapter20.async.FetchException;
import dev.chapter20.async.Fetcher;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server the main fetches from: its pages, their bytes and charsets, and a clean stop. */
@Timeout(30)
class LocalServerTest {

  private final Fetcher fetcher = new Fetcher();

  @AfterEach
  void closeFetcher() {
    fetcher.close();
  }

  @Test
  void theGreetingIsServedInUtf8AndInEucKrEachWithTheMatchingContentType() throws Exception {
    try (LocalServer server = LocalServer.start();
        Response utf8 = fetcher.newCall(server.url("/hello")).execute();
        Response eucKr = fetcher.newCall(server.url("/hello-euc-kr")).execute()) {

      assertEquals("text/plain; charset=UTF-8", utf8.header("Content-Type"));
      assertArrayEquals(LocalServer.GREETING.getBytes(StandardCharsets.UTF_8), utf8.body().bytes());
      assertEquals("text/plain; charset=EUC-KR", eucKr.header("Content-Type"));
      assertArrayEquals(LocalServer.GREETING.getBytes(LocalServer.EUC_KR), eucKr.body().bytes());
    }
  }

  @Test
  void anUnknownPathIsNotFound() throws Exception {
    try (LocalServer server = LocalServer.start()) {
      FetchException e =
          assertThrows(FetchException.class, () -> FetchBlocking.fetch(fetcher, server.url("/x")));

      assertEquals("GET " + server.url("/x") + ": HTTP 404 Not Found", e.getMessage());
    }
  }

  @Test
  void itemsAnswerWithTheirNumber() throws Exception {
    try (LocalServer server = LocalServer.start()) {
      assertEquals("item 42", FetchBlocking.fetch(fetcher, server.url("/items/42")));
      assertEquals(1, server.peakItemsInFlight());
    }
  }

  @Test
  void closingTheServerEndsARequestItStalled() throws Exception {
    CompletableFuture<String> body;
    try (LocalServer server = LocalServer.start()) {
      body = FetchAsync.fetch(fetcher, server.url("/stall"));
      server.awaitStalledRequest("/stall");
    } // close() must return although a handler is stalled

    ExecutionException e =
        assertThrows(ExecutionException.class, () -> body.get(10, TimeUnit.SECONDS));
    assertEquals(FetchException.class, e.getCause().getClass());
  }
}
