package dev.chapter20.async;

import dev.chapter20.async.support.LocalServer;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;

/**
 * A server that stops answering, and the two ways a call to it still ends: its own timeout, and
 * cancellation. The {@code fetch} of section 20.4.2 has neither; aiohttp's default waits five
 * minutes.
 *
 * <p>First a blocking call whose per-call timeout is cut to 100 ms ({@code call.timeout()}; the
 * client's default is 10 s) ends with a one-line {@link FetchException}. Then an asynchronous fetch
 * is cancelled once the server has its request: cancelling the {@link CompletableFuture} cancels
 * the OkHttp call, which closes its socket and leaves the dispatcher with nothing running.
 *
 * <p><b>Threading:</b> the timed-out call blocks the calling thread; OkHttp's watchdog thread
 * cancels it when the time is up. The cancelled call runs on a dispatcher thread; the dispatcher's
 * idle callback, run on that thread, counts down the latch the caller waits on.
 *
 * @see okio.Timeout
 * @see okhttp3.Dispatcher#setIdleCallback(Runnable)
 */
public final class StalledServer {

  /** The one call's own limit: short, as nothing will ever come; its length teaches nothing. */
  static final long CALL_TIMEOUT_MILLIS = 100;

  private StalledServer() {}

  /** Runs both cases against stalling pages of a local server. */
  public static void run(PrintStream out) throws Exception {
    try (LocalServer server = LocalServer.start();
        Fetcher fetcher = new Fetcher()) {
      // A path for each case: the wait below counts only the cancelled call's request, whether
      // or not the timed-out one ever reached the server.
      Call call = fetcher.newCall(server.url("/stall/timeout"));
      call.timeout().timeout(CALL_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS); // this call only
      try {
        fetcher.execute(call);
        throw new IllegalStateException("the stalled server answered");
      } catch (FetchException expected) {
        out.println("per-call timeout: " + expected.getMessage());
      }

      CountDownLatch idle = new CountDownLatch(1);
      fetcher.client().dispatcher().setIdleCallback(idle::countDown);
      CompletableFuture<String> body = FetchAsync.fetch(fetcher, server.url("/stall/cancel"));
      server.awaitStalledRequest("/stall/cancel"); // on the server: the call is in flight
      body.cancel(true);
      if (!idle.await(5, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the cancelled call did not end");
      }
      out.printf(
          "cancelled future: the call ended with it; calls still running: %d%n",
          fetcher.client().dispatcher().runningCallsCount());
    }
  }

  public static void main(String[] args) throws Exception {
    run(System.out);
  }
}
