package dev.chapter20.async;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A MockWebServer dispatcher that holds every request until {@link #release()}, then answers {@code
 * held <path>}: a server that has the request but has not answered yet. It lets go by itself when
 * the server closes, and after 10 s with a 500, so a failing test cannot hang the server.
 */
final class HeldResponses extends Dispatcher {

  private final CountDownLatch released = new CountDownLatch(1);
  private final AtomicInteger answered = new AtomicInteger();

  @Override
  public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
    try {
      if (!released.await(10, TimeUnit.SECONDS)) {
        return new MockResponse.Builder().code(500).build();
      }
      return new MockResponse.Builder().body("held " + request.getUrl().encodedPath()).build();
    } finally {
      answered.incrementAndGet();
    }
  }

  /** Returns how many held requests have been let go so far. */
  int answered() {
    return answered.get();
  }

  void release() {
    released.countDown();
  }

  @Override
  public void close() {
    release();
  }
}
