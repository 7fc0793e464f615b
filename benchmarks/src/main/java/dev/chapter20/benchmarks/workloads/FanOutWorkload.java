package dev.chapter20.benchmarks.workloads;

import dev.chapter20.async.FanOut;
import dev.chapter20.async.Fetcher;
import java.util.List;
import java.util.stream.IntStream;
import okhttp3.HttpUrl;

/**
 * Section 20.4.2 scaled up, timed: {@code requests} GETs of {@link FanOutServer}'s greeting, at
 * most {@code maxInFlight} at once, with the {@code async} module's {@link FanOut#fetchAll}: a
 * virtual thread per request, blocking OkHttp calls, a {@code Semaphore} as the bound. Beside it,
 * {@code chapter_workloads.py fanout} (threads and {@code urllib}) and {@code chapter_workloads.mjs
 * fanout} (Node's {@code fetch}) fetch the same page from the same server.
 *
 * <p>One untimed fan-out first (it warms this JVM, the connections and the server), then {@code
 * rounds} timed ones; the median is reported. Every body must be the greeting, decoded as UTF-8.
 *
 * <p><b>Threading:</b> see {@link FanOut#fetchAll}; the rounds follow one another.
 */
public final class FanOutWorkload {

  private FanOutWorkload() {}

  /** Fetches the greeting {@code requests} times per round; returns the median round in seconds. */
  public static JsonLine run(int port, int requests, int maxInFlight, int rounds) throws Exception {
    HttpUrl url = HttpUrl.get("http://127.0.0.1:" + port + FanOutServer.PATH);
    List<HttpUrl> urls = IntStream.range(0, requests).mapToObj(i -> url).toList();
    double[] seconds = new double[rounds];
    try (Fetcher fetcher = Fetcher.keepingConnections(maxInFlight)) {
      for (int round = -1; round < rounds; round++) { // round -1 is the warm-up
        long start = System.nanoTime();
        List<String> bodies = FanOut.fetchAll(fetcher, urls, maxInFlight);
        long nanos = System.nanoTime() - start;
        for (String body : bodies) {
          if (!body.equals(FanOutServer.BODY)) {
            throw new IllegalStateException("unexpected body: " + body);
          }
        }
        if (round >= 0) {
          seconds[round] = nanos / 1e9;
        }
      }
    }
    return JsonLine.of("fanout")
        .put("median_s", CounterWorkload.median(seconds))
        .put("requests", requests)
        .put("max_in_flight", maxInFlight);
  }
}
