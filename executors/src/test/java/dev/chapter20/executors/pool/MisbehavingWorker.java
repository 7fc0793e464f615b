package dev.chapter20.executors.pool;

import dev.chapter20.common.process.ChildRuntime;
import dev.chapter20.common.process.FrameReader;
import dev.chapter20.common.process.FrameWriter;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * A worker main that breaks the pool's protocol, for the tests: with {@code -Dmode=replay} it
 * answers its first request properly and every later one with that first reply again; with {@code
 * -Dmode=ahead} it answers each request under the next request's sequence number.
 */
public final class MisbehavingWorker {

  private MisbehavingWorker() {}

  public static void main(String[] args) throws IOException {
    ChildRuntime.install();
    Wire wire = new Wire(AllowList.fromSystemProperty(), MessageLimits.fromSystemProperty());
    SocketChannel channel =
        SocketChannel.open(
            UnixDomainSocketAddress.of(System.getProperty(WorkerMain.SOCKET_PROPERTY)));
    FrameWriter replies = new FrameWriter(Channels.newOutputStream(channel));
    FrameReader requests = new FrameReader(Channels.newInputStream(channel));
    replies.write(System.getProperty(WorkerMain.TOKEN_PROPERTY));
    replies.flush();
    boolean replay = System.getProperty("mode").equals("replay");
    byte[] firstReply = null;
    for (byte[] request = requests.read(); request != null; request = requests.read()) {
      long sequence = Wire.sequence(request);
      byte[] body = WorkerMain.encode(wire, WorkerMain.run(wire, request));
      byte[] reply = new byte[Wire.HEADER_BYTES + body.length];
      System.arraycopy(
          Wire.header(replay ? sequence : sequence + 1), 0, reply, 0, Wire.HEADER_BYTES);
      System.arraycopy(body, 0, reply, Wire.HEADER_BYTES, body.length);
      if (firstReply == null) {
        firstReply = reply;
      }
      replies.write(replay ? firstReply : reply);
      replies.flush();
      if (replay && !Arrays.equals(reply, firstReply)) {
        System.err.println("replayed the first reply for request " + sequence);
      }
    }
    replies.writeEnd();
    System.exit(0);
  }
}
