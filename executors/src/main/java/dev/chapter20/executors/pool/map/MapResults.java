package dev.chapter20.executors.pool.map;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The results of a process pool's {@code imap} or {@code imapUnordered}, as they arrive: Python's
 * {@code Pool.imap} and {@code imap_unordered}, over items that may never end.
 *
 * <p>The items are read from their iterator only as room frees up: at most {@code maxInFlight}
 * chunks are in the pool at a time, so memory holds that many chunks, whatever the number of items
 * (Python's {@code Executor.map} submits them all at once). In order ({@code imap}), a result waits
 * for the results before it; unordered, each chunk's results come as soon as it ends.
 *
 * <ul>
 *   <li>A failure surfaces at its item: {@code next()} throws a {@link CompletionException} whose
 *       cause is the task's exception; the chunks still in flight are cancelled and the iteration
 *       ends.
 *   <li>{@link #close()}, before the end, cancels the chunks still in flight: queued ones never
 *       run, running ones finish and their results are dropped.
 *   <li>{@link #next(Duration)} gives up with a {@link TimeoutException} after a while, as Python's
 *       {@code as_completed(timeout=...)}; the iteration can go on.
 * </ul>
 *
 * <p><b>Threading:</b> one thread iterates; it reads the items and submits the chunks. The chunks'
 * completions reach it through a queue, filled on the pool's callback threads.
 */
public final class MapResults<T, R> implements Iterator<R>, AutoCloseable {

  private final Iterator<T> items;
  private final SerializableFunction<T, R> function;
  private final byte[] serialized;
  private final int chunkSize;
  private final int maxInFlight;
  private final boolean ordered;
  private final Function<Callable<Object>, CompletableFuture<Object>> submit;
  private final Deque<CompletableFuture<Object>> inFlight = new ArrayDeque<>(); // in item order
  private final BlockingQueue<CompletableFuture<Object>> ended = new LinkedBlockingQueue<>();
  private Iterator<R> current = Collections.emptyIterator();
  private boolean closed;

  /**
   * Results of {@code function} (serialized as {@code serialized}) over {@code items}, in chunks of
   * {@code chunkSize}, at most {@code maxInFlight} chunks at a time, given to {@code submit}.
   */
  public MapResults(
      SerializableFunction<T, R> function,
      byte[] serialized,
      Iterator<T> items,
      int chunkSize,
      int maxInFlight,
      boolean ordered,
      Function<Callable<Object>, CompletableFuture<Object>> submit) {
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunkSize must be at least 1, not " + chunkSize);
    }
    this.function = function;
    this.serialized = serialized;
    this.items = items;
    this.chunkSize = chunkSize;
    this.maxInFlight = maxInFlight;
    this.ordered = ordered;
    this.submit = submit;
  }

  @Override
  public boolean hasNext() {
    fill();
    return current.hasNext() || !inFlight.isEmpty();
  }

  /**
   * Returns the next result, waiting as long as it takes.
   *
   * @throws CompletionException caused by the task's exception at its item, or by an {@link
   *     InterruptedException} (the thread's interrupt is kept)
   */
  @Override
  public R next() {
    try {
      return next(null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CompletionException(e);
    } catch (TimeoutException e) {
      throw new AssertionError("no timeout, yet timed out", e);
    }
  }

  /**
   * Returns the next result, waiting at most {@code timeout} for it (null: as long as it takes).
   *
   * @throws TimeoutException if it has not come by then; a later call may still get it
   * @throws CompletionException caused by the task's exception at its item
   */
  public R next(Duration timeout) throws InterruptedException, TimeoutException {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    if (!current.hasNext()) {
      CompletableFuture<Object> chunk = ordered ? inFlight.peekFirst() : nextEnded(timeout);
      Object packed;
      try {
        packed = timeout == null ? chunk.get() : chunk.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        close();
        throw new CompletionException(e.getCause());
      }
      inFlight.remove(chunk);
      current = MapChunk.<R>results(packed).iterator();
      fill(); // the workers get the next chunk while this thread hands out these results
    }
    return current.next();
  }

  /** Cancels the chunks still in flight; the iteration ends. */
  @Override
  public void close() {
    closed = true;
    inFlight.forEach(chunk -> chunk.cancel(false));
    inFlight.clear();
    current = Collections.emptyIterator();
  }

  /** Submits chunks until {@code maxInFlight} are in flight or the items end. */
  private void fill() {
    while (!closed && inFlight.size() < maxInFlight && items.hasNext()) {
      List<T> chunk = new ArrayList<>(chunkSize);
      while (chunk.size() < chunkSize && items.hasNext()) {
        chunk.add(items.next());
      }
      CompletableFuture<Object> future = submit.apply(new MapChunk<>(function, serialized, chunk));
      inFlight.addLast(future);
      if (!ordered) {
        future.whenComplete((result, failure) -> ended.add(future));
      }
    }
  }

  /** Waits for the next chunk to end, in whatever order they end. */
  private CompletableFuture<Object> nextEnded(Duration timeout)
      throws InterruptedException, TimeoutException {
    while (true) {
      CompletableFuture<Object> chunk =
          timeout == null ? ended.take() : ended.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (chunk == null) {
        throw new TimeoutException("no chunk ended within " + timeout);
      }
      if (inFlight.contains(chunk)) { // not one that close() cancelled
        return chunk;
      }
    }
  }
}
