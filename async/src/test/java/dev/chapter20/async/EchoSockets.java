package dev.chapter20.async;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;

/** A plain blocking client socket for the echo servers' tests, and reading one line's bytes. */
final class EchoSockets {

  private EchoSockets() {}

  /** Connects to {@code server}, reads with a 10 s limit, and sends each write at once. */
  static Socket connect(EchoService server) throws IOException {
    Socket socket = new Socket();
    socket.connect(server.address(), 10_000);
    socket.setSoTimeout(10_000);
    socket.setTcpNoDelay(true);
    return socket;
  }

  /** Reads up to and including the next newline; fails if the stream ends first. */
  static byte[] readLineBytes(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    do {
      b = in.read();
      if (b < 0) {
        throw new IOException("the server closed the connection before the line's end");
      }
      line.write(b);
    } while (b != '\n');
    return line.toByteArray();
  }
}
