package dev.chapter20.async;

import dev.chapter20.common.ExampleMenu.UsageException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The HTTP client an example makes once and shares: an {@link OkHttpClient} with timeouts, and the
 * one place where a response becomes a body and a failure a {@link FetchException}.
 *
 * <p>It plays the chapter's {@code aiohttp.ClientSession}, with three differences. The chapter
 * opens a session per request; a {@code Fetcher} is shared, so connections are reused. aiohttp
 * hands back the body of a 404 like any other; {@link #read} accepts 2xx only. And aiohttp's
 * default gives a whole request five minutes; here connect, read and write each give up after
 * {@code ioTimeout} (2 s) and a whole call after {@code callTimeout} (10 s), which one call can
 * change with {@code call.timeout()}. Bodies are decoded by the charset their {@code Content-Type}
 * declares, UTF-8 when it declares none.
 *
 * <p><b>Threading:</b> thread-safe, as the {@code OkHttpClient} it wraps. {@link #close} cancels
 * the calls still running, stops the dispatcher's threads and closes idle connections: without it
 * those non-daemon threads keep the JVM alive for a minute after {@code main} returns.
 *
 * @see OkHttpClient
 */
public final class Fetcher implements AutoCloseable {

  public static final Duration IO_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  private final OkHttpClient client;
  private final Duration ioTimeout;

  /** Creates a client with the default timeouts: 2 s per connect, read or write, 10 s per call. */
  public Fetcher() {
    this(IO_TIMEOUT, CALL_TIMEOUT);
  }

  /** Creates a client whose connect, read and write give up after {@code ioTimeout}. */
  public Fetcher(Duration ioTimeout, Duration callTimeout) {
    this(new OkHttpClient.Builder(), ioTimeout, callTimeout);
  }

  /**
   * Creates a client with the default timeouts that keeps up to {@code connections} idle
   * connections open for reuse: as many as a fan-out keeps requests in flight. OkHttp keeps 5 by
   * default, and closes the others as their requests end, so the next requests open new ones: in
   * one measured fan-out of 1,000 GETs with 64 in flight, about 400 connections per round instead
   * of 64 once.
   */
  public static Fetcher keepingConnections(int connections) {
    return new Fetcher(
        new OkHttpClient.Builder()
            .connectionPool(new ConnectionPool(connections, 5, TimeUnit.MINUTES)),
        IO_TIMEOUT,
        CALL_TIMEOUT);
  }

  /** Creates a client from {@code builder}: for tests that replace its DNS. */
  Fetcher(OkHttpClient.Builder builder, Duration ioTimeout, Duration callTimeout) {
    this.ioTimeout = ioTimeout;
    this.client =
        builder
            .connectTimeout(ioTimeout)
            .readTimeout(ioTimeout)
            .writeTimeout(ioTimeout)
            .callTimeout(callTimeout)
            .build();
  }

  /** Parses a URL given on the command line; a malformed one is a usage error (exit code 2). */
  public static HttpUrl parseUrl(String text) {
    HttpUrl url = HttpUrl.parse(text);
    if (url == null) {
      throw new UsageException("malformed URL '" + text + "': expected http://... or https://...");
    }
    return url;
  }

  /** Parses every URL given on the command line; the first malformed one is a usage error. */
  public static List<HttpUrl> parseUrls(List<String> texts) {
    return texts.stream().map(Fetcher::parseUrl).toList();
  }

  public OkHttpClient client() {
    return client;
  }

  /** Prepares a GET of {@code url}; nothing is sent until it is executed or enqueued. */
  public Call newCall(HttpUrl url) {
    return client.newCall(new Request.Builder().url(url).build());
  }

  /** Sends the call and reads the body on this thread, blocking; run it on a virtual thread. */
  public String execute(Call call) throws FetchException {
    Response response;
    try {
      response = call.execute();
    } catch (IOException e) {
      throw failure(call, e);
    }
    return read(call, response);
  }

  /** Reads and closes {@code response}: the decoded body of a 2xx, else a FetchException. */
  public String read(Call call, Response response) throws FetchException {
    try (response) {
      if (!response.isSuccessful()) {
        throw FetchException.status(call, response);
      }
      return response.body().string(); // decoded by the declared charset, else UTF-8
    } catch (IOException e) {
      throw failure(call, e);
    }
  }

  /** Explains in one line why {@code call} failed with {@code e}. */
  public FetchException failure(Call call, IOException e) {
    return FetchException.of(call, e, ioTimeout);
  }

  /** Waits for a body fetched on another thread, and rethrows its FetchException as it is. */
  public static String await(Future<String> body) throws FetchException, InterruptedException {
    try {
      return body.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof FetchException failure) {
        throw failure;
      }
      throw new IllegalStateException("a fetch failed unexpectedly", e.getCause());
    }
  }

  /** Cancels every call still running, stops the dispatcher's threads and closes connections. */
  @Override
  public void close() {
    client.dispatcher().cancelAll();
    ExecutorService threads = client.dispatcher().executorService();
    threads.shutdown();
    try {
      threads.awaitTermination(IO_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.connectionPool().evictAll();
  }
}
