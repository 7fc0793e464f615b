package dev.chapter20.async;

import dev.chapter20.async.support.LocalServer;
import dev.chapter20.common.Durations;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import okhttp3.Call;
import okhttp3.HttpUrl;

/**
 * Fetches many URLs at once, at most {@code maxInFlight} at a time, and returns the bodies in the
 * order of the URLs: what the {@code fetch} of section 20.4.2 grows into, {@code asyncio.gather}
 * over an {@code asyncio.Semaphore}.
 *
 * <p>Every URL gets a virtual thread that takes a {@link Semaphore} permit, fetches with blocking
 * code and gives the permit back, so no more than the bound are ever on the wire. The first failure
 * cancels every call still running or not yet started and is rethrown; {@code gather} would let the
 * other tasks run on unless told otherwise. The {@link Fetcher} keeps as many idle connections as
 * requests may be in flight ({@link Fetcher#keepingConnections}), so each request reuses one.
 *
 * <p><b>Threading:</b> one virtual thread per URL; the caller waits in the executor's {@code
 * close()}, after which every task has ended and its result is visible. The first failure is
 * published through an {@link AtomicReference}, which also decides which failure was first.
 *
 * @see Semaphore
 * @see Executors#newVirtualThreadPerTaskExecutor()
 */
public final class FanOut {

  static final int MAX_IN_FLIGHT = 8;

  /** How many items the run with no URLs fetches from its local server: five times the bound. */
  static final int LOCAL_ITEMS = 40;

  private FanOut() {}

  /** GETs every URL, at most {@code maxInFlight} at once; returns the bodies in input order. */
  public static List<String> fetchAll(Fetcher fetcher, List<HttpUrl> urls, int maxInFlight)
      throws FetchException, InterruptedException {
    List<Call> calls = urls.stream().map(fetcher::newCall).toList();
    Semaphore permits = new Semaphore(maxInFlight);
    AtomicReference<FetchException> firstFailure = new AtomicReference<>();
    List<Future<String>> bodies = new ArrayList<>(calls.size());
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Call call : calls) {
        bodies.add(
            executor.submit(
                () -> {
                  permits.acquire();
                  try {
                    return fetcher.execute(call);
                  } catch (FetchException e) {
                    if (firstFailure.compareAndSet(null, e)) {
                      calls.forEach(Call::cancel); // a cancelled call fails at once, even unstarted
                    }
                    throw e;
                  } finally {
                    permits.release();
                  }
                }));
      }
    } // close() waits for every task; if this thread is interrupted, it interrupts them
    if (firstFailure.get() != null) {
      throw firstFailure.get();
    }
    if (Thread.interrupted()) {
      throw new InterruptedException("fan-out interrupted");
    }
    return bodies.stream().map(Future::resultNow).toList();
  }

  /** Fetches the URLs in {@code args}, or 40 items of a local server, and prints a summary. */
  public static void run(PrintStream out, List<String> args) throws Exception {
    if (!args.isEmpty()) {
      List<HttpUrl> urls = Fetcher.parseUrls(args);
      try (Fetcher fetcher = Fetcher.keepingConnections(MAX_IN_FLIGHT)) {
        List<String> bodies = fetchAll(fetcher, urls, MAX_IN_FLIGHT);
        for (int i = 0; i < urls.size(); i++) {
          out.printf(Locale.ROOT, "%s: %,d characters%n", urls.get(i), bodies.get(i).length());
        }
      }
      return;
    }
    try (LocalServer server = LocalServer.start();
        Fetcher fetcher = Fetcher.keepingConnections(MAX_IN_FLIGHT)) {
      List<HttpUrl> urls =
          IntStream.range(0, LOCAL_ITEMS).mapToObj(i -> server.url("/items/" + i)).toList();
      long start = System.nanoTime();
      List<String> bodies = fetchAll(fetcher, urls, MAX_IN_FLIGHT);
      long nanos = System.nanoTime() - start;
      out.printf(
          Locale.ROOT,
          "%d GETs, at most %d in flight: %s (each takes the server %d ms)%n",
          urls.size(),
          MAX_IN_FLIGHT,
          Durations.format(nanos),
          LocalServer.ITEM_WORK.toMillis());
      out.println("most requests the server saw at once: " + server.peakItemsInFlight());
      out.println(
          "bodies in input order: "
              + String.join(", ", bodies.subList(0, 3))
              + ", ..., "
              + bodies.getLast());
    }
  }

  public static void main(String[] args) throws Exception {
    run(System.out, List.of(args));
  }
}
