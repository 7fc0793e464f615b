package dev.chapter20.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.async.support.LocalServer;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Blocking execute() on virtual threads: the body, and the two ways to end a blocked call. */
@Timeout(30)
class FetchBlockingTest extends FetchFixture {

  @Test
  void aVirtualThreadFetchesTheBody() throws Exception {
    server.enqueue(new MockResponse.Builder().body(LocalServer.GREETING).build());
    AtomicReference<Boolean> onVirtualThread = new AtomicReference<>();

    try (ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<String> body =
          virtualThreads.submit(
              () -> {
                onVirtualThread.set(Thread.currentThread().isVirtual());
                return FetchBlocking.fetch(fetcher, server.url("/"));
              });

      assertEquals(LocalServer.GREETING, Fetcher.await(body));
    }
    assertTrue(onVirtualThread.get());
  }

  @Test
  void interruptingTheVirtualThreadEndsAFetchBlockedOnTheServer() throws Exception {
    server.setDispatcher(held);
    HttpUrl url = server.url("/never");
    AtomicReference<Exception> failure = new AtomicReference<>();
    Thread fetching =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    FetchBlocking.fetch(fetcher, url);
                  } catch (FetchException e) {
                    failure.set(e);
                  }
                });
    server.takeRequest();

    fetching.interrupt();

    assertTrue(fetching.join(Duration.ofSeconds(10)), "the fetch has ended");
    assertEquals("GET " + url + ": interrupted", failure.get().getMessage());
  }

  @Test
  void closingTheFetcherEndsAFetchBlockedOnTheServer() throws Exception {
    server.setDispatcher(held);
    HttpUrl url = server.url("/never");
    try (ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<String> body = virtualThreads.submit(() -> FetchBlocking.fetch(fetcher, url));
      server.takeRequest();

      fetcher.close();

      FetchException e = assertThrows(FetchException.class, () -> Fetcher.await(body));
      assertEquals("GET " + url + ": cancelled", e.getMessage());
    }
  }
}
