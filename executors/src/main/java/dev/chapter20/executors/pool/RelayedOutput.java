package dev.chapter20.executors.pool;

import dev.chapter20.common.LineSink;

/**
 * The sink the pool gives its workers' output to, around the caller's: a line the caller's sink
 * fails on is lost, not the pool's thread that relays it; and those threads are marked, so that
 * {@code close()} called from the caller's sink fails at once instead of waiting for the thread it
 * runs on.
 *
 * <p><b>Threading:</b> thread-safe if the caller's sink is; called from the threads that relay the
 * workers' output, and from a worker's thread in the pool for the pool's own notes.
 */
final class RelayedOutput implements LineSink {

  private static final ThreadLocal<Object> RELAYING = new ThreadLocal<>();

  private final LineSink sink;
  private final Object pool;

  RelayedOutput(LineSink sink, Object pool) {
    this.sink = sink;
    this.pool = pool;
  }

  @Override
  public void println(String line) {
    RELAYING.set(pool);
    try {
      sink.println(line);
    } catch (RuntimeException e) {
      // the sink's own failure: that line is lost, the rest go on
    }
  }

  /** Returns whether this thread has relayed output for {@code pool}. */
  static boolean isRelaying(Object pool) {
    return RELAYING.get() == pool;
  }
}
