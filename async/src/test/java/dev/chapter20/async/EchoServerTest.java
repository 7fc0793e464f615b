package dev.chapter20.async;

import static dev.chapter20.async.EchoSockets.connect;
import static dev.chapter20.async.EchoSockets.readLineBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What only the virtual-thread echo pair does, beside what both pairs promise ({@link
 * EchoPairsTest}): the bytes of a character split between writes come back as sent, a line longer
 * than a connection's buffer ends only its own connection, and the clients read one line per
 * message however its bytes arrive.
 */
@Timeout(60)
class EchoServerTest {

  @Test
  void theBytesThatComeBackAreTheUtf8OfTheLineSent() throws Exception {
    String line = EchoClients.message(7, 3) + " 😀";
    byte[] sent = (line + "\n").getBytes(StandardCharsets.UTF_8);
    try (EchoServer server = EchoServer.start(0);
        Socket socket = connect(server)) {
      OutputStream out = socket.getOutputStream();
      int inside = line.indexOf('안') + 1; // after the first of the character's three bytes
      // Two writes that split a character; with TCP_NODELAY the first leaves at once, so the
      // server most likely reads it alone, and must hold it until the line is whole.
      out.write(Arrays.copyOfRange(sent, 0, inside));
      out.flush();
      out.write(Arrays.copyOfRange(sent, inside, sent.length));

      assertArrayEquals(sent, readLineBytes(socket.getInputStream()));
    }
  }

  @Test
  void aLineLongerThanTheBufferEndsItsConnectionAndNoOther() throws Exception {
    byte[] tooLong = new byte[EchoServer.BUFFER_BYTES]; // no room left for its newline
    Arrays.fill(tooLong, (byte) 'x');
    try (EchoServer server = EchoServer.start(0);
        Socket offender = connect(server);
        Socket other = connect(server)) {
      offender.getOutputStream().write(tooLong);
      other.getOutputStream().write("still here\n".getBytes(StandardCharsets.UTF_8));

      assertEquals(-1, offender.getInputStream().read(), "the server closed that connection");
      assertArrayEquals(
          "still here\n".getBytes(StandardCharsets.UTF_8), readLineBytes(other.getInputStream()));
    }
  }

  @Test
  void theClientReadsOneLineWhateverItsReadsAndRefusesAnythingElse() throws IOException {
    byte[] buffer = new byte[EchoServer.BUFFER_BYTES];
    InputStream byteByByte =
        new ByteArrayInputStream("ok\n".getBytes(StandardCharsets.UTF_8)) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 1)); // every read returns one byte
          }
        };
    assertEquals(2, EchoClients.readLine(byteByByte, buffer));
    assertEquals("ok", new String(buffer, 0, 2, StandardCharsets.UTF_8));

    assertThrows(ProtocolException.class, () -> EchoClients.readLine(stream("ok\nmore"), buffer));
    assertThrows(EOFException.class, () -> EchoClients.readLine(stream(""), buffer));
    assertThrows(EOFException.class, () -> EchoClients.readLine(stream("half a li"), buffer));
    assertThrows(
        ProtocolException.class,
        () -> EchoClients.readLine(stream("x".repeat(EchoServer.BUFFER_BYTES)), buffer));
  }

  private static InputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
