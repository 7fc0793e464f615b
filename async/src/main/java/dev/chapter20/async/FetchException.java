package dev.chapter20.async;

import dev.chapter20.common.Durations;
import dev.chapter20.common.ExampleMenu;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.Response;

/**
 * A GET that produced no body, with a one-line message naming the URL and the reason: {@code GET
 * http://127.0.0.1:8080/: connection refused}.
 *
 * <p>aiohttp raises a different exception for each failure, and none at all for a 404 unless asked
 * ({@code raise_for_status}). OkHttp reports transport failures as {@link IOException}s whose
 * messages were written for its own developers ("Failed to connect to /127.0.0.1:1", "timeout").
 * This class turns both a status outside 2xx and every such {@code IOException} into a sentence a
 * learner can act on; the original stays attached as the cause.
 *
 * @see okhttp3.Callback#onFailure(Call, IOException)
 */
public final class FetchException extends IOException {

  private static final long serialVersionUID = 1L;

  private FetchException(HttpUrl url, String reason, Throwable cause) {
    super("GET " + url + ": " + reason, cause);
  }

  /** The server answered, but with a status outside 2xx: {@code HTTP 404 Not Found}. */
  static FetchException status(Call call, Response response) {
    String reason = response.message().isEmpty() ? "" : " " + response.message();
    return new FetchException(call.request().url(), "HTTP " + response.code() + reason, null);
  }

  /** Explains why {@code call} failed; {@code ioTimeout} is the client's connect and read limit. */
  static FetchException of(Call call, IOException e, Duration ioTimeout) {
    if (e instanceof FetchException already) {
      return already;
    }
    return new FetchException(call.request().url(), reason(call, e, ioTimeout), e);
  }

  private static String reason(Call call, IOException e, Duration ioTimeout) {
    String io = Durations.format(ioTimeout.toNanos());
    if (e instanceof SocketTimeoutException t) {
      return isConnect(t)
          ? "timed out: no connection within " + io + " (connect timeout)"
          : "timed out: no data for " + io + " (read timeout)";
    }
    if (e instanceof InterruptedIOException && "timeout".equals(e.getMessage())) {
      // OkHttp's call timeout cancels the call and reports exactly this.
      return "timed out after "
          + Durations.format(call.timeout().timeoutNanos())
          + " (call timeout)";
    }
    if (e instanceof UnknownHostException) {
      return "unknown host '" + call.request().url().host() + "'";
    }
    if (e instanceof ConnectException) {
      HttpUrl url = call.request().url();
      return "connection refused by " + url.host() + ":" + url.port();
    }
    if (call.isCanceled()) {
      return "cancelled";
    }
    if (Thread.currentThread().isInterrupted()) {
      return "interrupted";
    }
    return ExampleMenu.oneLine(e);
  }

  private static boolean isConnect(SocketTimeoutException e) {
    return e.getMessage() != null && e.getMessage().toLowerCase(Locale.ROOT).contains("connect");
  }
}
