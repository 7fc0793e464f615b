package dev.chapter20.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import dev.chapter20.cluster.members.Clients;
import dev.chapter20.cluster.members.LocalCluster;
import dev.chapter20.cluster.members.MemberAddress;
import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a member's death does to the tasks it was running, three ways side by side: section 20.5,
 * beyond the chapter, where 20.3.2's process pool fails the task of a worker that dies.
 *
 * <p>Three tasks start on the same member, which is then killed like a crash ({@code kill -9}):
 *
 * <ul>
 *   <li>{@code submitToMember}: <b>at most once</b>. The future fails ({@code
 *       TargetDisconnectedException}); the task ran once, cut short, and nothing runs it again.
 *       Whether its effects happened is unknown: the caller decides whether to send it again.
 *   <li>{@code submitToKeyOwner} from a client with redo on: <b>at least once</b>. The client sends
 *       the task again to the key's new owner, which runs it from the start: two runs.
 *   <li>the durable executor, {@code submitToKeyOwner}: <b>at least once</b>. The task was stored
 *       with a backup on the other member, which runs it again when it takes over the partition.
 *       Two runs, and no client setting needed; it also reruns a task whose partition merely moves
 *       to a new member while it runs (no failure at all).
 * </ul>
 *
 * <p>At least once costs duplicates (make tasks idempotent); the durable executor also costs a
 * backup copy of every task and result ({@code measure-cluster} times it). A cluster that always
 * reruns cannot give at most once, and one that never does cannot give at least once: exactly once
 * needs idempotent tasks or a record of what is done.
 *
 * <p>It starts two members of its own, on this machine, because it kills one.
 *
 * <p><b>Threading:</b> the calling thread submits, waits for three "started" lines (relayed by the
 * member's output thread, counted by a latch), kills the member, opens the gate and waits for each
 * future; the clients' threads receive the answers or the disconnection.
 */
public final class MemberDeath {

  /** One way of submitting, what its future gave, and the PIDs of the runs, in order. */
  public record Outcome(String way, String result, List<Long> runs) {}

  /** One way of submitting, the task sent that way, and its future. */
  private record Submitted(String way, GatedTask task, Future<String> future) {}

  private MemberDeath() {}

  /** Runs the example; returns the outcomes in the order of the list above. */
  public static List<Outcome> run(LineSink out) throws Exception {
    Path folder = Files.createTempDirectory("member-death");
    CountDownLatch started = new CountDownLatch(3);
    LineSink counting =
        line -> {
          out.println(line);
          if (line.startsWith(GatedTask.STARTED)) {
            started.countDown();
          }
        };
    out.println("starting 2 members of its own: it kills one");
    try (LocalCluster cluster = LocalCluster.start(2, counting)) {
      List<MemberAddress> addresses = cluster.addresses();
      HazelcastInstance plain = Clients.connect(addresses, false);
      HazelcastInstance redo = null;
      try {
        redo = Clients.connect(addresses, true);
        Clients.awaitSettled(plain, 2, Duration.ofSeconds(30));
        Clients.awaitSettled(redo, 2, Duration.ofSeconds(30));
        MemberAddress victimAddress = addresses.get(1);
        Member victim = memberAt(plain, victimAddress);
        String key = keyOwnedBy(plain, victim);

        String taskFolder = folder.toString();
        GatedTask atMostOnceTask = new GatedTask("at-most-once", taskFolder);
        GatedTask redoTask = new GatedTask("redo", taskFolder);
        GatedTask durableTask = new GatedTask("durable", taskFolder);
        List<Submitted> submitted =
            List.of(
                new Submitted(
                    "submitToMember",
                    atMostOnceTask,
                    plain.getExecutorService("plain").submitToMember(atMostOnceTask, victim)),
                new Submitted(
                    "submitToKeyOwner, client redo on",
                    redoTask,
                    redo.getExecutorService("plain").submitToKeyOwner(redoTask, key)),
                new Submitted(
                    "durable executor",
                    durableTask,
                    plain.getDurableExecutorService("durable").submitToKeyOwner(durableTask, key)));
        if (!started.await(60, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the tasks did not start");
        }
        long victimPid = cluster.memberAt(victimAddress.port()).pid();
        out.println("all three are running in pid " + victimPid + "; killing it");
        cluster.kill(victimAddress.port());
        Files.createFile(folder.resolve(GatedTask.GATE));

        List<Outcome> outcomes = new ArrayList<>();
        for (Submitted one : submitted) {
          String result;
          try {
            result = one.future().get(60, TimeUnit.SECONDS);
          } catch (ExecutionException e) {
            result = "failed: " + e.getCause().getClass().getSimpleName();
          }
          outcomes.add(new Outcome(one.way(), result, runs(folder, one.task().name(), victimPid)));
        }
        print(out, outcomes);
        return outcomes;
      } finally {
        plain.shutdown();
        if (redo != null) {
          redo.shutdown();
        }
      }
    } finally {
      deleteFolder(folder);
    }
  }

  private static void print(LineSink out, List<Outcome> outcomes) {
    out.println(String.format(Locale.ROOT, "%-34s %-36s %s", "way", "future", "runs (pids)"));
    for (Outcome outcome : outcomes) {
      out.println(
          String.format(
              Locale.ROOT,
              "%-34s %-36s %d %s",
              outcome.way(),
              outcome.result(),
              outcome.runs().size(),
              outcome.runs()));
    }
  }

  /** Returns the PIDs of the runs of task {@code name}, the killed member's first. */
  private static List<Long> runs(Path folder, String name, long victimPid) throws IOException {
    String prefix = "started-" + name + "-";
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(file -> file.startsWith(prefix))
          .map(file -> Long.parseLong(file.substring(prefix.length())))
          .sorted((a, b) -> Boolean.compare(a != victimPid, b != victimPid))
          .toList();
    }
  }

  private static Member memberAt(HazelcastInstance client, MemberAddress address) {
    return client.getCluster().getMembers().stream()
        .filter(member -> member.getAddress().getPort() == address.port())
        .findFirst()
        .orElseThrow();
  }

  /** Returns a key whose partition {@code owner} owns, as far as the client knows. */
  private static String keyOwnedBy(HazelcastInstance client, Member owner) {
    for (int i = 0; ; i++) {
      String key = "task-" + i;
      if (owner.equals(client.getPartitionService().getPartition(key).getOwner())) {
        return key;
      }
    }
  }

  private static void deleteFolder(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    Files.delete(folder);
  }

  public static void main(String[] args) throws Exception {
    run(new Timeline(System.out));
  }
}
