package dev.chapter20.async;

import dev.chapter20.async.support.BodyPreview;
import dev.chapter20.async.support.LocalServer;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.Response;

/**
 * Fetches a URL with OkHttp's {@link Call#enqueue}, its callback bridged into a {@code
 * CompletableFuture<String>}: section 20.4.2's {@code await fetch(url)}, without blocking the
 * caller.
 *
 * <p>The chapter's coroutine suspends at each {@code await}; here {@link #fetch} returns a future
 * at once while OkHttp's dispatcher runs the call on a thread of its own. The holder of the future
 * decides what comes next: wait for it, compose it ({@code thenApply}), or give up on it:
 * cancelling the future cancels the call, as cancelling an asyncio task would. Cancelling a future
 * derived from it with {@code thenApply} does not; cancel this one.
 *
 * <p><b>Threading:</b> the callback runs on an "OkHttp Dispatcher" thread, which reads the body and
 * completes the future; completing it happens-before whatever a waiting thread does with the value.
 * The dispatcher runs at most 64 such calls at once, 5 per host, and queues the rest.
 *
 * @see CompletableFuture
 * @see okhttp3.Dispatcher
 */
public final class FetchAsync {

  private FetchAsync() {}

  /** Starts a GET of {@code url} and returns at once a future of its body. */
  public static CompletableFuture<String> fetch(Fetcher fetcher, HttpUrl url) {
    Call call = fetcher.newCall(url);
    CompletableFuture<String> body = new CompletableFuture<>();
    body.whenComplete(
        (ignored, failure) -> {
          if (body.isCancelled()) {
            call.cancel(); // the caller gave up: stop the request too
          }
        });
    call.enqueue(
        new Callback() {
          @Override
          public void onResponse(Call call, Response response) {
            try {
              body.complete(fetcher.read(call, response));
            } catch (FetchException | RuntimeException e) { // any failure, or the future hangs
              body.completeExceptionally(e);
            }
          }

          @Override
          public void onFailure(Call call, IOException e) {
            body.completeExceptionally(fetcher.failure(call, e));
          }
        });
    return body;
  }

  /** Fetches the URL in {@code args}, or two pages of a local server, and prints the bodies. */
  public static void run(PrintStream out, List<String> args) throws Exception {
    LocalServer.withGivenOrLocalUrls(Fetcher.parseUrls(args), urls -> fetchAndPrint(out, urls));
    if (args.isEmpty()) {
      out.println(
          "(the same text from UTF-8 and EUC-KR bytes: each decoded by its declared charset)");
    }
  }

  private static void fetchAndPrint(PrintStream out, List<HttpUrl> urls) throws Exception {
    try (Fetcher fetcher = new Fetcher()) {
      for (HttpUrl url : urls) {
        CompletableFuture<String> body = fetch(fetcher, url);
        out.println("GET " + url + ": enqueued, fetch() has returned; now waiting");
        out.println(BodyPreview.of(Fetcher.await(body)));
      }
    }
  }

  public static void main(String[] args) throws Exception {
    run(System.out, List.of(args));
  }
}
