package dev.chapter20.executors.pool;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * One task of {@link ProcessPoolExecutor#map}: applies a function to a run of consecutive items in
 * a worker, so that many small items cost one round trip instead of one each (Python's {@code
 * chunksize}).
 *
 * <p>Two things make it cheaper than a record holding the function and the list. The function
 * travels as bytes serialized once per {@code map} call, and a worker rebuilds it once per
 * different function, not once per chunk: rebuilding a serializable lambda costs about 20 us. The
 * items travel {@link Packed}, as do the results ({@link Results}).
 *
 * <p><b>Threading:</b> immutable once made; a worker runs one chunk at a time, and its cache of
 * rebuilt functions is guarded by the cache's class.
 */
final class MapChunk<T, R> implements Callable<MapChunk.Results>, Serializable {

  @Serial private static final long serialVersionUID = 1L;

  private final byte[] function; // the SerializableFunction, serialized by Wire

  @SuppressWarnings("serial") // always an array (Packed), which is serializable
  private final Object items;

  private final transient SerializableFunction<T, R> local; // only in the JVM that made it

  MapChunk(SerializableFunction<T, R> function, byte[] serialized, List<T> items) {
    this.function = serialized;
    this.items = Packed.pack(items);
    this.local = function;
  }

  /** The results of a chunk, in order, {@link Packed} for the way back. */
  record Results(Object values) implements Serializable {
    <R> List<R> toList() {
      return Packed.unpack(values);
    }
  }

  @Override
  public Results call() throws IOException, ClassNotFoundException {
    SerializableFunction<T, R> apply = local != null ? local : Rebuilt.function(function);
    List<T> values = Packed.unpack(items);
    List<R> results = new ArrayList<>(values.size());
    for (T item : values) {
      results.add(apply.apply(item));
    }
    return new Results(Packed.pack(results));
  }

  @Override
  public String toString() {
    int count = Array.getLength(items);
    return "map chunk of " + count + (count == 1 ? " item" : " items");
  }

  @Serial
  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    if (function == null || items == null || !items.getClass().isArray()) {
      throw new InvalidObjectException("a map chunk without a function or items");
    }
  }

  /** The functions a worker has rebuilt, by their bytes: most maps use one function throughout. */
  static final class Rebuilt {
    private static final int KEPT = 16;
    private static Wire wire;
    private static final Map<Key, SerializableFunction<?, ?>> CACHE =
        new LinkedHashMap<>(KEPT, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, SerializableFunction<?, ?>> eldest) {
            return size() > KEPT;
          }
        };

    private Rebuilt() {}

    /** Gives the worker's wire, through which functions are rebuilt, allow list and all. */
    static synchronized void use(Wire workerWire) {
      wire = workerWire;
    }

    @SuppressWarnings("unchecked") // it was serialized from a SerializableFunction<T, R>
    static synchronized <T, R> SerializableFunction<T, R> function(byte[] bytes)
        throws IOException, ClassNotFoundException {
      if (wire == null) {
        throw new IllegalStateException("a map chunk is rebuilt only in a worker");
      }
      Key key = new Key(bytes);
      SerializableFunction<?, ?> function = CACHE.get(key);
      if (function == null) {
        function = (SerializableFunction<?, ?>) wire.decode(bytes, 0, bytes.length);
        CACHE.put(key, function);
      }
      return (SerializableFunction<T, R>) function;
    }

    /** Bytes compared by content. */
    private record Key(byte[] bytes) {
      @Override
      public boolean equals(Object other) {
        return other instanceof Key key && Arrays.equals(bytes, key.bytes);
      }

      @Override
      public int hashCode() {
        return Arrays.hashCode(bytes);
      }
    }
  }
}
