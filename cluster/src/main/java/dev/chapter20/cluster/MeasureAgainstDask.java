package dev.chapter20.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import dev.chapter20.cluster.MemberDeath.Outcome;
import dev.chapter20.cluster.members.Clients;
import dev.chapter20.cluster.members.ClusterSettings;
import dev.chapter20.cluster.members.LocalCluster;
import dev.chapter20.cluster.members.StartTimes;
import dev.chapter20.common.LineSink;
import dev.chapter20.executors.Identity;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The cluster's rows of the table beside Dask's {@code LocalCluster}: a new cluster of two member
 * JVMs until both have answered a task (and where those seconds went), the round trip of a task
 * that does nothing ({@link Identity}), 10,000 such tasks sent at once, and what becomes of a task
 * whose member is killed ({@link MemberDeath}). Section 20.5, beyond the chapter; {@code
 * benchmarks/cluster-compare.sh} runs it beside the same rows in Python and prints the table.
 *
 * <pre>
 *   java -cp ... dev.chapter20.cluster.MeasureAgainstDask [--warm-up 1000] [--round-trips 1000]
 *       [--tasks 10000] [--aot-cache DIR] [--only start,round-trip,tasks,member-death]
 * </pre>
 *
 * <p>Prints one line of JSON per row on standard output, and nothing else there: {@code {"row":
 * "round-trip", "median_s": 0.00062, ...}}. Times in seconds; the start's phases in seconds since
 * the cluster was created, from the members' own clocks ({@link StartTimes}) and this JVM's, which
 * on one machine are one clock. A failure is one line on standard error and exit code 1; bad
 * arguments, exit code 2.
 *
 * <p><b>Threading:</b> the main thread sends every task and waits for the answers; the client's
 * threads deliver them.
 */
public final class MeasureAgainstDask {

  /** The rows, in the order they run. */
  static final List<String> ROWS = List.of("start", "round-trip", "tasks", "member-death");

  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

  /**
   * What to measure and how much.
   *
   * @param warmUp round trips before the timed ones
   * @param roundTrips timed round trips, one task at a time; the median is reported
   * @param tasks how many tasks are sent at once, then gathered in order
   * @param aotCache where the members' AOT cache is kept, or null for none
   * @param rows which of {@link #ROWS} to run
   */
  record Settings(int warmUp, int roundTrips, int tasks, Path aotCache, List<String> rows) {

    /** Parses the command line; throws {@link IllegalArgumentException} with a one-line message. */
    static Settings parse(List<String> args) {
      int warmUp = 1_000;
      int roundTrips = 1_000;
      int tasks = 10_000;
      Path aotCache = null;
      List<String> rows = ROWS;
      for (int i = 0; i < args.size(); i += 2) {
        String option = args.get(i);
        if (i + 1 == args.size()) {
          throw new IllegalArgumentException("option " + option + " needs a value");
        }
        String value = args.get(i + 1);
        switch (option) {
          case "--warm-up" -> warmUp = count(option, value, 0);
          case "--round-trips" -> roundTrips = count(option, value, 1);
          case "--tasks" -> tasks = count(option, value, 1);
          case "--aot-cache" -> aotCache = Path.of(value);
          case "--only" -> rows = rows(value);
          default -> throw new IllegalArgumentException("unknown option " + option);
        }
      }
      return new Settings(warmUp, roundTrips, tasks, aotCache, rows);
    }

    private static int count(String option, String value, int least) {
      try {
        int count = Integer.parseInt(value);
        if (count >= least) {
          return count;
        }
      } catch (NumberFormatException e) {
        // reported below, as for a number too small
      }
      throw new IllegalArgumentException(option + " needs a whole number >= " + least);
    }

    private static List<String> rows(String value) {
      List<String> asked = Arrays.asList(value.split(","));
      for (String row : asked) {
        if (!ROWS.contains(row)) {
          throw new IllegalArgumentException("unknown row '" + row + "': one of " + ROWS);
        }
      }
      return ROWS.stream().filter(asked::contains).toList();
    }
  }

  private MeasureAgainstDask() {}

  public static void main(String[] args) {
    ClusterSettings.commonPoolOfTwoAtLeast();
    Settings settings;
    try {
      settings = Settings.parse(List.of(args));
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
      return;
    }
    try {
      run(settings, System.out);
    } catch (Exception e) {
      System.err.println("error: " + ClusterErrors.explain(e).getMessage());
      System.exit(1);
    }
  }

  /** Runs the rows {@code settings} asks for, printing a JSON line for each to {@code out}. */
  static void run(Settings settings, PrintStream out) throws Exception {
    LineSink quiet = line -> {};
    if (settings.rows().stream().anyMatch(row -> !row.equals("member-death"))) {
      long created = System.currentTimeMillis();
      long start = System.nanoTime();
      try (LocalCluster members =
          settings.aotCache() == null
              ? LocalCluster.start(2, quiet)
              : LocalCluster.start(2, quiet, settings.aotCache())) {
        double joined = secondsSince(start);
        HazelcastInstance client = Clients.connect(members.addresses(), false);
        try {
          double connected = secondsSince(start);
          IExecutorService executor = client.getExecutorService("measure");
          List<StartTimes> answers = new ArrayList<>();
          for (Future<StartTimes> answer :
              executor.submitToAllMembers(new StartTimes.Ask()).values()) {
            answers.add(answer.get(ANSWER_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
          }
          double answered = secondsSince(start);
          Clients.awaitSettled(client, 2, Duration.ofSeconds(30));
          double settled = secondsSince(start);
          if (settings.rows().contains("start")) {
            Map<String, Object> row = row("start");
            row.put("first_answers_s", answered);
            row.put("members_joined_s", joined);
            row.put("client_connected_s", connected);
            row.put("partitions_settled_s", settled);
            row.put("members", answers.stream().map(times -> phases(times, created)).toList());
            row.put("java", Runtime.version().toString());
            row.put("hazelcast", anyMember(client).getVersion().toString());
            out.println(json(row));
          }
          if (settings.rows().contains("round-trip")) {
            out.println(json(roundTrips(executor, settings)));
          }
          if (settings.rows().contains("tasks")) {
            out.println(json(manyTasks(executor, settings.tasks())));
          }
        } finally {
          client.shutdown();
        }
      }
    }
    if (settings.rows().contains("member-death")) {
      out.println(json(memberDeath(MemberDeath.run(quiet))));
    }
  }

  /** Each phase of one member's start, in seconds since the cluster was created. */
  private static Map<String, Object> phases(StartTimes times, long created) {
    Map<String, Object> phases = new LinkedHashMap<>();
    phases.put("pid", times.pid());
    phases.put("jvm_started_s", (times.jvmStarted() - created) / 1e3);
    phases.put("main_entered_s", (times.mainEntered() - created) / 1e3);
    phases.put("node_built_s", (times.nodeBuilt() - created) / 1e3);
    phases.put("joined_s", (times.joined() - created) / 1e3);
    return phases;
  }

  /** Times round trips one by one, after a warm-up; returns the median and the mean. */
  static Map<String, Object> roundTrips(IExecutorService executor, Settings settings)
      throws Exception {
    for (int i = 0; i < settings.warmUp(); i++) {
      check(i, executor.submit(new Identity(i)).get(ANSWER_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    }
    long[] nanos = new long[settings.roundTrips()];
    for (int i = 0; i < nanos.length; i++) {
      long start = System.nanoTime();
      Integer answer =
          executor.submit(new Identity(i)).get(ANSWER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      nanos[i] = System.nanoTime() - start;
      check(i, answer);
    }
    Map<String, Object> row = row("round-trip");
    row.put("median_s", median(nanos) / 1e9);
    row.put("mean_s", Arrays.stream(nanos).average().orElseThrow() / 1e9);
    row.put("warm_up", settings.warmUp());
    row.put("round_trips", settings.roundTrips());
    return row;
  }

  /** Sends {@code count} tasks before waiting for any, then gathers the answers in order. */
  static Map<String, Object> manyTasks(IExecutorService executor, int count) throws Exception {
    long start = System.nanoTime();
    List<Future<Integer>> futures = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      futures.add(executor.submit(new Identity(i)));
    }
    for (int i = 0; i < count; i++) {
      check(i, futures.get(i).get(ANSWER_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    }
    Map<String, Object> row = row("tasks");
    row.put("seconds", secondsSince(start));
    row.put("tasks", count);
    return row;
  }

  private static Map<String, Object> memberDeath(List<Outcome> outcomes) {
    Map<String, Object> row = row("member-death");
    row.put(
        "outcomes",
        outcomes.stream()
            .map(
                outcome -> {
                  Map<String, Object> one = new LinkedHashMap<>();
                  one.put("way", outcome.way());
                  one.put("result", outcome.result());
                  one.put("runs", outcome.runs().size());
                  return one;
                })
            .toList());
    return row;
  }

  private static Member anyMember(HazelcastInstance client) {
    return client.getCluster().getMembers().iterator().next();
  }

  private static void check(int expected, Integer answer) {
    if (answer == null || answer != expected) {
      throw new IllegalStateException("wrong answer for " + expected + ": " + answer);
    }
  }

  static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1
        ? sorted[middle]
        : (sorted[middle - 1] + (double) sorted[middle]) / 2;
  }

  private static double secondsSince(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static Map<String, Object> row(String name) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("row", name);
    return row;
  }

  /**
   * Writes a map of text, numbers, lists and maps as JSON: just what these rows hold, so no library
   * (the module's class path is what its members load).
   */
  static String json(Object value) {
    return switch (value) {
      case String text -> quote(text);
      case Double number -> String.format(Locale.ROOT, "%.6g", number);
      case Number number -> number.toString();
      case List<?> list ->
          String.join(", ", list.stream().map(MeasureAgainstDask::json).toList())
              .transform(items -> "[" + items + "]");
      case Map<?, ?> map -> {
        List<String> fields = new ArrayList<>();
        map.forEach((key, field) -> fields.add(quote(key.toString()) + ": " + json(field)));
        yield "{" + String.join(", ", fields) + "}";
      }
      default -> throw new IllegalArgumentException("not for JSON: " + value.getClass());
    };
  }

  private static String quote(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        default -> {
          if (c < 0x20) {
            quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }
}
