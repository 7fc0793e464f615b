package dev.chapter20.executors.pool;

import dev.chapter20.common.process.ChildRuntime;
import dev.chapter20.common.process.FrameReader;
import dev.chapter20.common.process.FrameWriter;
import dev.chapter20.executors.pool.transport.PoolConnection;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;

/**
 * A worker main for the tests that connects to its pool and shows a wrong secret, as a process that
 * is not the pool's worker would: then it waits to be told something, which never comes.
 */
public final class WrongSecretWorker {

  private WrongSecretWorker() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    ChildRuntime.install();
    System.in.readAllBytes(); // the real secret, ignored
    UnixDomainSocketAddress socket =
        UnixDomainSocketAddress.of(System.getProperty(PoolConnection.SOCKET_PROPERTY));
    SocketChannel channel = null;
    while (channel == null) {
      try {
        channel = SocketChannel.open(socket);
      } catch (IOException e) {
        Thread.sleep(1); // the pool opens its socket after it starts its workers
      }
    }
    FrameWriter out = new FrameWriter(Channels.newOutputStream(channel));
    out.write(new byte[32]);
    out.flush();
    new FrameReader(Channels.newInputStream(channel)).read();
  }
}
