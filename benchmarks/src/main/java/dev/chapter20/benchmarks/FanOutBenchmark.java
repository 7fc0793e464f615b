package dev.chapter20.benchmarks;

import dev.chapter20.async.FanOut;
import dev.chapter20.async.FetchAsync;
import dev.chapter20.async.Fetcher;
import dev.chapter20.async.support.LocalServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Section 20.4.2 scaled up: GET {@code requests} pages from the {@code async} module's {@link
 * LocalServer} on 127.0.0.1 with one shared {@link Fetcher}, at most {@code maxInFlight} at once,
 * two ways: OkHttp's {@code enqueue} bridged to {@code CompletableFuture}s ({@link FetchAsync}),
 * and blocking {@code execute()} calls on virtual threads ({@link FanOut#fetchAll}). It backs the
 * async README's claim that the two styles reach the same end: code that blocks on a virtual thread
 * waits as cheaply as callbacks do.
 *
 * <p>{@code page}: {@code hello}, a greeting the server sends at once, so the score is the cost of
 * the two styles themselves; {@code items}, {@code /items/i}, on which the server works 10 ms, so
 * the score is mostly waiting (at least {@code requests / maxInFlight} rounds of 10 ms). {@code
 * maxInFlight}: the bound; {@code FanOut} keeps it with a semaphore, and the asynchronous side with
 * OkHttp's {@link Dispatcher} limits, which hold back what {@code enqueue} starts (by default 5 per
 * host) but not {@code execute()} calls. The client keeps as many idle connections as requests in
 * flight ({@link Fetcher#keepingConnections}), as {@code FanOut}'s example does.
 *
 * <p>The score is milliseconds per fan-out of all the requests, bodies in input order; lower is
 * better. The server and the client are started once per trial and closed after it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FanOutBenchmark {

  @Param({"100"})
  public int requests;

  @Param({"8"})
  public int maxInFlight;

  @Param({"hello", "items"})
  public String page;

  private LocalServer server;
  private Fetcher fetcher;
  private List<HttpUrl> urls;

  @Setup(Level.Trial)
  public void startServerAndClient() throws IOException {
    server = LocalServer.start();
    fetcher = Fetcher.keepingConnections(maxInFlight);
    Dispatcher dispatcher = fetcher.client().dispatcher();
    dispatcher.setMaxRequests(maxInFlight);
    dispatcher.setMaxRequestsPerHost(maxInFlight);
    urls =
        IntStream.range(0, requests)
            .mapToObj(i -> server.url(page.equals("items") ? "/items/" + i : "/hello"))
            .toList();
  }

  /** Enqueues every GET at once and waits for the bodies in input order. */
  @Benchmark
  public List<String> asyncEnqueue() throws IOException, InterruptedException {
    List<CompletableFuture<String>> pending = new ArrayList<>(urls.size());
    for (HttpUrl url : urls) {
      pending.add(FetchAsync.fetch(fetcher, url));
    }
    List<String> bodies = new ArrayList<>(urls.size());
    for (CompletableFuture<String> body : pending) {
      bodies.add(Fetcher.await(body));
    }
    return bodies;
  }

  /** Runs every GET as blocking code on a virtual thread of its own; bodies in input order. */
  @Benchmark
  public List<String> blockingOnVirtualThreads() throws IOException, InterruptedException {
    return FanOut.fetchAll(fetcher, urls, maxInFlight);
  }

  /** Closes the client (its dispatcher threads and connections), then the server. */
  @TearDown(Level.Trial)
  public void stopServerAndClient() {
    fetcher.close();
    server.close();
  }
}
