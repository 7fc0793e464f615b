package dev.chapter20.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import dev.chapter20.cluster.members.ClusterSession;
import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import dev.chapter20.executors.PrintTask;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The chapter's two tasks, numbers and letters, run by the members of a Hazelcast cluster instead
 * of a pool's workers: section 20.5, beyond the chapter, taking 20.3.2's process pool to more than
 * one machine.
 *
 * <p>The tasks are the process pool's own {@link PrintTask} values, unchanged: an {@link
 * IExecutorService} is a {@link java.util.concurrent.ExecutorService} whose tasks travel to
 * members, serialized, as they travel to a pool's worker JVMs. Two differences: the cluster, not
 * the caller, chooses the member (a random partition's owner), and what a task prints stays on its
 * member's console. A local member's lines are relayed here, each from its own relay thread, and
 * may arrive after {@code get()} returned; from remote members only results come back.
 *
 * <p><b>Threading:</b> {@code submit} sends the task from the calling thread and returns at once;
 * the member runs it on a thread of its executor's pool; {@code get()} waits for the member's
 * answer, which a client thread receives and completes the future with.
 */
public final class TwoTasksOnCluster {

  private TwoTasksOnCluster() {}

  /** Runs the example on {@code cluster}'s members. */
  public static void run(ClusterSession cluster, LineSink out) throws Exception {
    HazelcastInstance client = cluster.connect(out);
    IExecutorService executor = client.getExecutorService("chapter20");
    out.println("client is pid " + ProcessHandle.current().pid());
    Future<?> numbers = executor.submit(PrintTask.NUMBERS);
    Future<?> letters = executor.submit(PrintTask.LETTERS);
    numbers.get(30, TimeUnit.SECONDS);
    letters.get(30, TimeUnit.SECONDS);
    cluster.awaitMemberOutput(); // the tasks' lines travel apart from their results
    out.println(
        cluster.isRemote()
            ? "both tasks have finished; they printed on their members' consoles"
            : "both tasks have finished");
  }

  public static void main(String[] args) throws Exception {
    try (ClusterSession cluster = ClusterSession.local()) {
      run(cluster, new Timeline(System.out));
    }
  }
}
