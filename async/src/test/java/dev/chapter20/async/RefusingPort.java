package dev.chapter20.async;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import okhttp3.HttpUrl;

/**
 * A port on 127.0.0.1 that refuses every connection for as long as this is open: a socket bound to
 * it that never listens. The kernel answers a connection to a port with no listener with a reset,
 * and since this socket holds the port (without {@code SO_REUSEADDR}), no other socket can bind it
 * and start listening, as could happen to a port merely closed by the test.
 */
final class RefusingPort implements AutoCloseable {

  private final Socket bound = new Socket();

  RefusingPort() throws IOException {
    bound.setReuseAddress(false);
    bound.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  int port() {
    return bound.getLocalPort();
  }

  HttpUrl url() {
    return HttpUrl.get("http://127.0.0.1:" + port() + "/");
  }

  @Override
  public void close() throws IOException {
    bound.close();
  }
}
