package dev.chapter20.executors.pool.map;

import dev.chapter20.executors.pool.wire.Wire;
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
 * One task of a process pool's {@code map}: applies a function to a run of consecutive items in a
 * worker, so that many small items cost one round trip instead of one each (Python's {@code
 * chunksize}).
 *
 * <p>Two things make it cheaper than a record holding the function and the list. The function
 * travels as bytes serialized once per {@code map} call, and a worker rebuilds it once per
 * different function, not once per chunk: rebuilding a serializable lambda costs about 20 us. The
 * items travel {@link Packed}, as do the results.
 *
 * <p><b>Threading:</b> immutable once made; a worker runs one chunk at a time, and its cache of
 * rebuilt functions is guarded by the cache's class.
 */
public final class MapChunk<T, R> implements Callable<Object>, Serializable {

  @Serial private static final long serialVersionUID = 1L;

  private final byte[] function; // the SerializableFunction, serialized by Wire

  @SuppressWarnings("serial") // always an array (Packed), which is serializable
  private final Object items;

  private final transient SerializableFunction<T, R> local; // only in the JVM that made it

  /** A chunk of {@code items} for {@code function}, which {@code serialized} holds as bytes. */
  public MapChunk(SerializableFunction<T, R> function, byte[] serialized, List<T> items) {
    this.function = serialized;
    this.items = Packed.pack(items);
    this.local = function;
  }

  /** Returns the results of a chunk, in order, from what {@link #call} returned. */
  public static <R> List<R> results(Object packed) {
    return Packed.unpack(packed);
  }

  /** Applies the function to each item, and returns the results {@link Packed}. */
  @Override
  public Object call() throws IOException, ClassNotFoundException {
    SerializableFunction<T, R> apply = local != null ? local : Rebuilt.function(function);
    List<T> values = Packed.unpack(items);
    List<R> results = new ArrayList<>(values.size());
    for (T item : values) {
      results.add(apply.apply(item));
    }
    return Packed.pack(results);
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
  public static final class Rebuilt {
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
    public static synchronized void use(Wire workerWire) {
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
