package dev.chapter20.cluster;

import dev.chapter20.cluster.members.ClusterSession;
import dev.chapter20.cluster.members.ClusterSettings;
import dev.chapter20.cluster.members.Member;
import dev.chapter20.cluster.members.MemberAddress;
import dev.chapter20.common.ExampleMenu;
import dev.chapter20.common.ExampleMenu.Example;
import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import java.io.PrintStream;
import java.util.List;

/**
 * Runs the examples of section 20.5 (beyond the chapter: the same tasks on a Hazelcast cluster) in
 * order, or one by name, on a cluster of two member JVMs it starts on this machine, or on members
 * already running ({@code --members}); or starts a member ({@code member}).
 *
 * <pre>
 *   ./mvnw -q -pl cluster -am compile exec:exec
 *   ./mvnw -q -pl cluster -am compile exec:exec -Dargs="--members 10.0.0.5:5701 fan-out"
 *   ./mvnw -q -pl cluster -am compile exec:exec -Dargs="member --host 10.0.0.5"
 * </pre>
 *
 * <p>{@code} keeps {@code -am} from running the executors module's main first; this module's own
 * {@code exec:exec} still runs.
 *
 * <p><b>Threading:</b> the examples run one after another on the main thread; Hazelcast's client
 * threads deliver the results, and one relay thread per member JVM its output.
 */
public final class ClusterMain {

  static final String COMMAND = "./mvnw -q -pl cluster -am compile exec:exec";

  private ClusterMain() {}

  /** The examples, in the order the README teaches them, run on {@code cluster}. */
  static ExampleMenu menu(ClusterSession cluster) {
    return new ExampleMenu(
        COMMAND,
        List.of(
            new Example(
                "cluster-tasks",
                "20.5",
                "2 cluster members run the chapter's two tasks (20.3.2's, unchanged)",
                onCluster(out -> TwoTasksOnCluster.run(cluster, out))),
            new Example(
                "submit",
                "20.5",
                "submit a CPU-bound task to the cluster, get its result",
                onCluster(out -> SubmitCpuTask.run(cluster, out))),
            new Example(
                "fan-out",
                "20.5",
                "one task on every member; tasks routed to the owner of their key",
                onCluster(out -> FanOutOverMembers.run(cluster, out))),
            new Example(
                "map",
                "20.5",
                "Python's executor.map on members: results gathered in input order",
                onCluster(out -> GatherInOrder.run(cluster, out))),
            new Example(
                "exception",
                "20.5",
                "a task's exception on a member surfaces at get() in the client",
                onCluster(out -> ExceptionFromMember.run(cluster, out))),
            new Example(
                "member-death",
                "20.5",
                "a member dies mid-task: at most once vs at least once (starts 2 members of its own)",
                onCluster(MemberDeath::run)),
            new Example(
                    "cpu-comparison",
                    "20.5",
                    "20.3's CPU-bound job: threads, processes, cluster, as measured",
                    (out, args) -> CpuBoundOnCluster.run(cluster, out))
                .measuring(),
            new Example(
                    "measure-cluster",
                    "20.5",
                    "process pool vs cluster: start-up, round trip, memory",
                    (out, args) -> MeasureCluster.run(out))
                .measuring()));
  }

  /** An example body that prints to a timeline, with the cluster's failures made one line. */
  @FunctionalInterface
  interface ClusterBody {
    void run(LineSink out) throws Exception;
  }

  private static ExampleMenu.Body onCluster(ClusterBody body) {
    return (out, args) -> {
      try {
        body.run(new Timeline(out));
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        throw ClusterErrors.explain(e);
      }
    };
  }

  public static void main(String[] args) {
    ClusterSettings.commonPoolOfTwoAtLeast();
    if (args.length > 0 && args[0].equals("member")) {
      int exitCode = Member.start(List.of(args).subList(1, args.length));
      if (exitCode != 0) {
        System.exit(exitCode);
      }
      return; // the member's threads keep this JVM running until Ctrl-C
    }
    int exitCode = run(List.of(args), System.out, System.err);
    System.out.flush();
    if (exitCode != 0) {
      System.exit(exitCode);
    }
  }

  /** Runs the examples as the command line asks and returns the exit code: 0, 1 or 2. */
  static int run(List<String> args, PrintStream out, PrintStream err) {
    List<String> rest = args;
    List<MemberAddress> members = List.of();
    if (!rest.isEmpty() && rest.get(0).equals("--members")) {
      if (rest.size() < 2) {
        err.println("error: --members needs a list of members: host:port,host:port");
        return 2;
      }
      try {
        members = MemberAddress.parseList(rest.get(1));
      } catch (IllegalArgumentException e) {
        err.println("error: " + e.getMessage());
        return 2;
      }
      rest = rest.subList(2, rest.size());
    }
    if (!rest.isEmpty() && (rest.get(0).equals("--help") || rest.get(0).equals("-h"))) {
      printUsage(out);
    }
    try (ClusterSession cluster =
        members.isEmpty() ? ClusterSession.local() : ClusterSession.joining(members)) {
      return menu(cluster).run(rest, out, err);
    }
  }

  private static void printUsage(PrintStream out) {
    out.println(
        """
        The examples run on a cluster: by default two member JVMs that this main starts on this
        machine (allow 3-5 s before the first example) and stops at the end.
          -Dargs="--members host:port,... [example]"  run on members already running instead
          -Dargs="member [--host H] [--port N] [--join host:port,...]"  start a member (Ctrl-C stops it)
        """);
  }
}
