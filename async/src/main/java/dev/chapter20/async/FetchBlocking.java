package dev.chapter20.async;

import dev.chapter20.async.support.BodyPreview;
import dev.chapter20.async.support.LocalServer;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.HttpUrl;

/**
 * Fetches a URL with OkHttp's blocking {@link okhttp3.Call#execute} on a virtual thread: section
 * 20.4.2 as straight-line code, where the chapter needs {@code async with} twice and {@code await}.
 *
 * <p>On a platform thread a blocking read holds an OS thread for as long as the server takes. On a
 * virtual thread the JDK parks it instead and lets the carrier run other virtual threads, so code
 * that looks blocking scales like asyncio's and needs no callbacks; its stack traces and debugger
 * steps stay in one piece. This is the style {@link FanOut} builds on.
 *
 * <p><b>Threading:</b> the call runs on a new virtual thread; the calling thread waits on its
 * {@link Future}, and everything the fetch did happens-before {@code get()} returns. Interrupting
 * that virtual thread, or closing the {@link Fetcher}, ends a call blocked on a slow server.
 *
 * @see Thread#ofVirtual()
 */
public final class FetchBlocking {

  private FetchBlocking() {}

  /** GETs {@code url} and returns its body, blocking the calling (virtual) thread meanwhile. */
  public static String fetch(Fetcher fetcher, HttpUrl url) throws FetchException {
    return fetcher.execute(fetcher.newCall(url));
  }

  /** Fetches the URL in {@code args}, or two pages of a local server, and prints the bodies. */
  public static void run(PrintStream out, List<String> args) throws Exception {
    LocalServer.withGivenOrLocalUrls(Fetcher.parseUrls(args), urls -> fetchAndPrint(out, urls));
  }

  private static void fetchAndPrint(PrintStream out, List<HttpUrl> urls) throws Exception {
    try (Fetcher fetcher = new Fetcher();
        ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (HttpUrl url : urls) {
        Future<String> body =
            virtualThreads.submit(
                () -> {
                  out.println("GET " + url + " on " + Thread.currentThread());
                  return fetch(fetcher, url);
                });
        out.println(BodyPreview.of(Fetcher.await(body)));
      }
    }
  }

  public static void main(String[] args) throws Exception {
    run(System.out, List.of(args));
  }
}
