package dev.chapter20.executors.pool.map;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * A process pool's {@code map}: the items go in chunks of consecutive items, one task per chunk
 * ({@link MapChunk}), and the results come back in the order of the items, as Python's {@code
 * executor.map} with a {@code chunksize}.
 *
 * <p><b>Threading:</b> stateless; each call waits on the caller's thread.
 */
public final class ChunkedMap {

  private ChunkedMap() {}

  /**
   * Returns the chunk size a map uses unless told: about four chunks per worker, so that a slow
   * chunk holds up little, and many cheap items do not cost a round trip each.
   */
  public static int defaultChunkSize(int items, int workers) {
    int chunks = 4 * workers;
    return Math.max(1, (items + chunks - 1) / chunks);
  }

  /**
   * Applies {@code function}, whose bytes are {@code serialized}, to each item, {@code chunkSize}
   * items per task given to {@code submit}; returns the results in the order of the items.
   *
   * @throws ExecutionException for the first item, in the order of the items, whose function call
   *     failed; the chunks not yet done are cancelled
   * @throws IllegalArgumentException if {@code chunkSize} is less than 1
   */
  public static <T, R> List<R> map(
      SerializableFunction<T, R> function,
      byte[] serialized,
      List<T> items,
      int chunkSize,
      Function<Callable<Object>, Future<Object>> submit)
      throws InterruptedException, ExecutionException {
    Objects.requireNonNull(items, "items");
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunkSize must be at least 1, not " + chunkSize);
    }
    List<Future<Object>> chunks = new ArrayList<>();
    boolean done = false;
    try {
      for (int from = 0; from < items.size(); from += chunkSize) {
        List<T> chunk = items.subList(from, Math.min(items.size(), from + chunkSize));
        chunks.add(submit.apply(new MapChunk<>(function, serialized, chunk)));
      }
      List<R> results = new ArrayList<>(items.size());
      for (Future<Object> chunk : chunks) {
        results.addAll(MapChunk.<R>results(chunk.get()));
      }
      done = true;
      return results;
    } finally {
      if (!done) {
        chunks.forEach(chunk -> chunk.cancel(false));
      }
    }
  }
}
