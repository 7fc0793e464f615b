package dev.chapter20.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hundreds of requests: each served exactly once, never more in flight than the bound, in order.
 */
@Timeout(60)
class FanOutTest {

  private static final int REQUESTS = 240; // a multiple of every bound tested

  @StartStop private final MockWebServer server = noDelay(new MockWebServer());

  private final Fetcher fetcher = new Fetcher();

  private static MockWebServer noDelay(MockWebServer server) {
    server.setServerSocketFactory(new NoDelayServerSockets());
    return server;
  }

  @AfterEach
  void closeFetcher() {
    fetcher.close();
  }

  /**
   * Answers {@code body of <path>}, but only once {@code bound} requests are inside the server at
   * the same moment: a client that kept fewer in flight would stall here (and get a 500 after 10
   * s); one that sent more would push {@link #peak} above the bound.
   */
  private static final class InGroups extends Dispatcher {
    final Set<String> paths = ConcurrentHashMap.newKeySet();
    final AtomicInteger duplicates = new AtomicInteger();
    final AtomicInteger now = new AtomicInteger();
    final AtomicInteger peak = new AtomicInteger();
    private final CyclicBarrier group;

    InGroups(int bound) {
      group = new CyclicBarrier(bound);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
      String path = request.getUrl().encodedPath();
      if (!paths.add(path)) {
        duplicates.incrementAndGet();
      }
      peak.accumulateAndGet(now.incrementAndGet(), Math::max);
      try {
        group.await(10, TimeUnit.SECONDS);
        return new MockResponse.Builder().body("body of " + path).build();
      } catch (BrokenBarrierException | TimeoutException e) {
        return new MockResponse.Builder().code(500).build();
      } finally {
        now.decrementAndGet();
      }
    }
  }

  @Test
  void aFetcherKeepingAsManyConnectionsAsInFlightOpensNoMore() throws Exception {
    int bound = 8;
    server.setDispatcher(new InGroups(bound));
    try (Fetcher keeping = Fetcher.keepingConnections(bound)) {
      FanOut.fetchAll(keeping, items(REQUESTS), bound);
    }
    Set<Integer> connections = ConcurrentHashMap.newKeySet();
    for (int i = 0; i < REQUESTS; i++) {
      connections.add(server.takeRequest().getConnectionIndex());
    }
    assertEquals(bound, connections.size(), "one connection per request in flight, each reused");
  }

  private List<HttpUrl> items(int count) {
    return IntStream.range(0, count).mapToObj(i -> server.url("/items/" + i)).toList();
  }

  @ParameterizedTest(name = "at most {0} in flight")
  @ValueSource(ints = {1, 4, 16})
  void everyUrlIsServedExactlyOnceWithTheBoundReachedButNeverPassed(int bound) throws Exception {
    InGroups dispatcher = new InGroups(bound);
    server.setDispatcher(dispatcher);
    List<HttpUrl> urls = items(REQUESTS);

    List<String> bodies = FanOut.fetchAll(fetcher, urls, bound);

    assertEquals(urls.stream().map(u -> "body of " + u.encodedPath()).toList(), bodies);
    assertEquals(REQUESTS, server.getRequestCount());
    assertEquals(
        urls.stream().map(HttpUrl::encodedPath).collect(Collectors.toSet()), dispatcher.paths);
    assertEquals(0, dispatcher.duplicates.get());
    assertEquals(bound, dispatcher.peak.get());
  }

  @Test
  void bodiesComeBackInInputOrderEvenWhenALaterUrlAnswersFirst() throws Exception {
    CountDownLatch secondAnswered = new CountDownLatch(1);
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            String path = request.getUrl().encodedPath();
            if (path.equals("/first")) {
              secondAnswered.await(10, TimeUnit.SECONDS);
            } else {
              secondAnswered.countDown();
            }
            return new MockResponse.Builder().body(path).build();
          }
        });

    List<String> bodies =
        FanOut.fetchAll(fetcher, List.of(server.url("/first"), server.url("/second")), 2);

    assertEquals(List.of("/first", "/second"), bodies);
  }

  @Test
  void theFirstFailureIsThrownAndCancelsTheCallsStillInFlight() throws Exception {
    HeldResponses held = new HeldResponses();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            return request.getUrl().encodedPath().equals("/items/7")
                ? new MockResponse.Builder().status("HTTP/1.1 404 Not Found").build()
                : held.dispatch(request);
          }
        });
    List<HttpUrl> urls = items(20); // all in flight at once; all but one held by the server
    try (Fetcher patient = new Fetcher(Duration.ofSeconds(30), Duration.ofSeconds(30))) {

      FetchException e =
          assertThrows(FetchException.class, () -> FanOut.fetchAll(patient, urls, 20));

      // It returned while the server still held the others: they were cancelled, not awaited.
      assertEquals(0, held.answered());
      assertEquals("GET " + urls.get(7) + ": HTTP 404 Not Found", e.getMessage());
      assertEquals(0, patient.client().dispatcher().runningCallsCount());
    } finally {
      held.release();
    }
  }
}
