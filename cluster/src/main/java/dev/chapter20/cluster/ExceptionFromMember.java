package dev.chapter20.cluster;

import com.hazelcast.core.IExecutorService;
import dev.chapter20.cluster.members.ClusterSession;
import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import dev.chapter20.executors.Divide;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A task that throws on a member fails its future in the client with the member's exception:
 * section 20.5, beyond the chapter, like 20.3.1's exception at {@code result()}.
 *
 * <p>The task is the process pool's {@link Divide}. The exception travels back serialized, with its
 * type, message and the stack trace taken in the member; the member and the client carry on.
 *
 * <p><b>Threading:</b> the member's executor thread catches the exception and sends it back; the
 * client's {@code get()} throws it wrapped in an {@link ExecutionException}.
 */
public final class ExceptionFromMember {

  private ExceptionFromMember() {}

  /** Runs the example on {@code cluster}'s members; returns the remote exception. */
  public static Throwable run(ClusterSession cluster, LineSink out) throws Exception {
    IExecutorService executor = cluster.connect(out).getExecutorService("chapter20");
    Throwable remote;
    try {
      executor.submit(new Divide(1, 0)).get(30, TimeUnit.SECONDS);
      throw new IllegalStateException("1 / 0 did not fail");
    } catch (ExecutionException e) {
      remote = e.getCause();
    }
    out.println("a task failed on its member: " + remote);
    out.println("  thrown at " + remote.getStackTrace()[0]);
    out.println(
        "the cluster carries on: 14 / 2 = "
            + executor.submit(new Divide(14, 2)).get(30, TimeUnit.SECONDS));
    return remote;
  }

  public static void main(String[] args) throws Exception {
    try (ClusterSession cluster = ClusterSession.local()) {
      run(cluster, new Timeline(System.out));
    }
  }
}
