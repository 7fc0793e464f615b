package dev.chapter20.async;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.async.support.LocalServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import mockwebserver3.MockResponse;
import okhttp3.Dispatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The enqueue-to-CompletableFuture bridge: results, failures, cancellation, the dispatcher. */
@Timeout(30)
class FetchAsyncTest extends FetchFixture {

  @Test
  void theFutureCompletesWithTheDecodedBody() throws Exception {
    server.enqueue(new MockResponse.Builder().body(LocalServer.GREETING).build());

    CompletableFuture<String> body = FetchAsync.fetch(fetcher, server.url("/"));

    assertEquals(LocalServer.GREETING, body.get(10, TimeUnit.SECONDS));
  }

  @Test
  void fetchReturnsBeforeTheServerHasAnswered() throws Exception {
    server.setDispatcher(held);

    CompletableFuture<String> body = FetchAsync.fetch(fetcher, server.url("/later"));
    server.takeRequest(); // the server has the request and holds it

    assertFalse(body.isDone());
    held.release();
    assertEquals("held /later", body.get(10, TimeUnit.SECONDS));
  }

  @Test
  void aStatusOutside2xxFailsTheFutureWithAFetchException() {
    server.enqueue(new MockResponse.Builder().status("HTTP/1.1 500 Internal Server Error").build());

    CompletableFuture<String> body = FetchAsync.fetch(fetcher, server.url("/boom"));

    ExecutionException e =
        assertThrows(ExecutionException.class, () -> body.get(10, TimeUnit.SECONDS));
    FetchException failure = assertInstanceOf(FetchException.class, e.getCause());
    assertEquals(
        "GET " + server.url("/boom") + ": HTTP 500 Internal Server Error", failure.getMessage());
  }

  @Test
  void cancellingTheFutureCancelsTheCallInFlight() throws Exception {
    server.setDispatcher(held);
    Dispatcher dispatcher = fetcher.client().dispatcher();
    CompletableFuture<String> body = FetchAsync.fetch(fetcher, server.url("/never"));
    server.takeRequest();
    assertEquals(1, dispatcher.runningCallsCount());

    assertTrue(body.cancel(true));

    await().atMost(Duration.ofSeconds(5)).until(() -> dispatcher.runningCallsCount() == 0);
    assertTrue(body.isCancelled());
  }

  @Test
  void closingTheFetcherFailsTheCallsStillRunningAsCancelled() throws Exception {
    server.setDispatcher(held);
    CompletableFuture<String> body = FetchAsync.fetch(fetcher, server.url("/never"));
    server.takeRequest();

    fetcher.close();

    ExecutionException e =
        assertThrows(ExecutionException.class, () -> body.get(10, TimeUnit.SECONDS));
    assertEquals("GET " + server.url("/never") + ": cancelled", e.getCause().getMessage());
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> fetcher.client().dispatcher().executorService().isTerminated());
  }

  @Test
  void okHttpRunsAtMostFiveAsynchronousCallsPerHostAndQueuesTheRest() throws Exception {
    server.setDispatcher(held);
    Dispatcher dispatcher = fetcher.client().dispatcher();

    List<CompletableFuture<String>> bodies =
        IntStream.range(0, 8)
            .mapToObj(i -> FetchAsync.fetch(fetcher, server.url("/" + i)))
            .toList();
    await().atMost(Duration.ofSeconds(5)).until(() -> server.getRequestCount() == 5);

    assertEquals(5, dispatcher.runningCallsCount());
    assertEquals(3, dispatcher.queuedCallsCount());
    held.release();
    CompletableFuture.allOf(bodies.toArray(CompletableFuture<?>[]::new)).get(10, TimeUnit.SECONDS);
    assertEquals(8, server.getRequestCount());
  }
}
