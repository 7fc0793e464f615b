package dev.chapter20.executors.pool;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * One task of {@link ProcessPoolExecutor#map}: applies a function to a run of consecutive items in
 * a worker, so that many small items cost one round trip instead of one each (Python's {@code
 * chunksize}).
 */
record MapChunk<T, R>(SerializableFunction<T, R> function, List<T> items)
    implements Callable<List<R>>, Serializable {

  @Override
  public List<R> call() {
    List<R> results = new ArrayList<>(items.size());
    for (T item : items) {
      results.add(function.apply(item));
    }
    return results;
  }
}
