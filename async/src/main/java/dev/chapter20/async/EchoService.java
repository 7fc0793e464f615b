package dev.chapter20.async;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * What the two echo servers have in common, so that one set of clients, tests and the comparison
 * can run either: {@link EchoServer} (a virtual thread per connection) and {@link
 * SelectorEchoServer} (one thread's event loop).
 *
 * <p><b>Threading:</b> every method may be called from any thread.
 */
public interface EchoService extends AutoCloseable {

  /** Returns the address the server listens on. */
  InetSocketAddress address();

  /** Returns how many connections are open now. */
  int openConnections();

  /** Returns the most connections that were open at once. */
  int peakConnections();

  /** Returns how many connections the server has accepted. */
  long accepted();

  /**
   * Returns how many lines the server has sent back. A line is counted once it is sent, so a client
   * may read it a moment before; the count is final once {@link #close} has returned.
   */
  long echoed();

  /**
   * Returns why the server stopped accepting, if an {@code accept} failed (such as "Too many open
   * files"). The server does not retry: it closes its listening socket, so that clients are refused
   * at once rather than left waiting. A long-running server would pause and try again.
   */
  Optional<IOException> acceptFailure();

  /**
   * Stops the server: stops accepting, closes every open connection (its client reads the end of
   * the stream), and returns once the server's own threads have ended.
   */
  @Override
  void close();
}
