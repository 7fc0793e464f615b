package dev.chapter20.async;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.chapter20.common.ExampleMenu;
import java.io.EOFException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Locale;

/**
 * Why a run of {@link EchoClients} failed, in one line that names the connection and the reason:
 * {@code connection 17 of 1,000: refused by 127.0.0.1:41234}. The first failure is the one
 * reported; the original exception stays attached as the cause.
 *
 * <p>asyncio raises {@code ConnectionRefusedError}, {@code ConnectionResetError} or {@code
 * IncompleteReadError}; Java's sockets raise {@link ConnectException}, a {@link SocketException}
 * whose message says "Connection reset", or, for a file-descriptor limit, an {@link IOException}
 * whose message is the operating system's "Too many open files". This class turns each into a
 * sentence a learner can act on, and says what the limit is.
 */
public final class EchoException extends IOException {

  private static final long serialVersionUID = 1L;

  /** The operating system's words for EMFILE, in the message of the JDK's exception. */
  private static final String TOO_MANY_OPEN_FILES = "Too many open files";

  private final boolean tooManyOpenFiles;

  private EchoException(String message, Throwable cause) {
    super(message, cause);
    this.tooManyOpenFiles = isTooManyOpenFiles(cause);
  }

  /**
   * Explains why one client's conversation failed.
   *
   * @param connection which connection, from 0
   * @param echoes how many echoes it had received
   * @param connected whether it had connected
   */
  static EchoException ofClient(
      int connection,
      int connections,
      int echoes,
      int messages,
      boolean connected,
      InetSocketAddress server,
      IOException e) {
    String which =
        String.format(Locale.ROOT, "connection %,d of %,d: ", connection + 1, connections);
    String after = String.format(Locale.ROOT, " after %d of %d echoes", echoes, messages);
    String reason;
    if (isTooManyOpenFiles(e)) {
      reason = tooManyOpenFilesReason();
    } else if (e instanceof ConnectException) {
      reason = "refused by " + text(server) + " (is the server running?)";
    } else if (e instanceof SocketTimeoutException) {
      reason =
          connected
              ? "no echo within " + EchoClients.READ_TIMEOUT.toSeconds() + " s (read timeout)"
              : "no connection within " + EchoClients.CONNECT_TIMEOUT.toSeconds() + " s";
    } else if (e instanceof EOFException || messageHas(e, "Broken pipe")) {
      reason = "the server closed the connection" + after;
    } else if (e instanceof ProtocolException) {
      reason = e.getMessage();
    } else if (e instanceof SocketException && messageHas(e, "reset")) {
      reason = "reset by the server" + after;
    } else {
      reason = ExampleMenu.oneLine(e) + after;
    }
    return new EchoException(which + reason, e);
  }

  /** Explains why the server stopped accepting connections. */
  static EchoException ofAccept(IOException e) {
    String reason = isTooManyOpenFiles(e) ? tooManyOpenFilesReason() : ExampleMenu.oneLine(e);
    return new EchoException("the server stopped accepting: " + reason, e);
  }

  /**
   * Explains a file-descriptor limit met by a server and {@code connections} clients in one
   * process, where each connection holds two sockets.
   */
  static EchoException tooManyInOneProcess(int connections, EchoException e) {
    return new EchoException(
        String.format(
            Locale.ROOT,
            "too many open files: %,d connections in one process need %,d file descriptors, one"
                + " per socket at each end, and %s; run the clients in a process of their own (as"
                + " benchmarks/compare.sh does), or use fewer",
            connections,
            2L * connections,
            limitSentence()),
        e.getCause());
  }

  /** Writes an address as {@code 127.0.0.1:41234}. */
  static String text(InetSocketAddress address) {
    return address.getAddress().getHostAddress() + ":" + address.getPort();
  }

  /** Returns whether the cause was a file-descriptor limit ("Too many open files"). */
  public boolean tooManyOpenFiles() {
    return tooManyOpenFiles;
  }

  private static boolean isTooManyOpenFiles(Throwable e) {
    return messageHas(e, TOO_MANY_OPEN_FILES);
  }

  private static boolean messageHas(Throwable e, String words) {
    return e != null && e.getMessage() != null && e.getMessage().contains(words);
  }

  private static String tooManyOpenFilesReason() {
    return "too many open files: " + limitSentence() + ", one per socket";
  }

  /** Says how many file descriptors this process may have open, where the JDK can tell. */
  private static String limitSentence() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
      return String.format(
          Locale.ROOT, "this process may open %,d (ulimit -n)", unix.getMaxFileDescriptorCount());
    }
    return "this process has reached its limit";
  }
}
