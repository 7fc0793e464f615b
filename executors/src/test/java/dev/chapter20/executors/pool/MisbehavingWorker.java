package dev.chapter20.executors.pool;

import dev.chapter20.common.process.ChildRuntime;
import dev.chapter20.executors.pool.transport.PoolConnection;
import dev.chapter20.executors.pool.transport.PoolConnection.Request;
import dev.chapter20.executors.pool.wire.AllowList;
import dev.chapter20.executors.pool.wire.MessageLimits;
import dev.chapter20.executors.pool.wire.Wire;
import java.io.IOException;

/**
 * A worker main that breaks the pool's protocol, for the tests: with {@code -Dmode=replay} it
 * answers its first request properly and every later one with that first reply again, under the
 * first request's number; with {@code -Dmode=ahead} it answers each request under the next
 * request's number.
 */
public final class MisbehavingWorker {

  private MisbehavingWorker() {}

  public static void main(String[] args) throws IOException {
    ChildRuntime.install();
    PoolConnection pool = PoolConnection.open();
    Wire wire =
        new Wire(
            AllowList.fromSystemProperty().with(WorkerMain.POOL_CLASSES),
            MessageLimits.fromSystemProperty());
    boolean replay = System.getProperty("mode").equals("replay");
    Request first = null;
    byte[] firstReply = null;
    for (Request request = pool.next(); request != null; request = pool.next()) {
      byte[] reply = WorkerMain.encode(wire, WorkerMain.run(wire, request.message()));
      if (first == null) {
        first = request;
        firstReply = reply;
      }
      if (replay) {
        pool.reply(first, firstReply);
      } else {
        pool.reply(new Request(request.number() + 1, request.message()), reply);
      }
    }
    pool.stopped();
    System.exit(0);
  }
}
