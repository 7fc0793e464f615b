package dev.chapter20.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.cluster.MeasureAgainstDask.Settings;
import dev.chapter20.cluster.members.Member;
import dev.chapter20.cluster.members.StartTimes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The cluster's rows for the table beside Dask: what they hold, and their command line. */
class MeasureAgainstDaskTest {

  @Test
  @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void printsAJsonLinePerRowWithTheStartsPhasesInOrder() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Settings settings =
        Settings.parse(
            List.of(
                "--warm-up",
                "10",
                "--round-trips",
                "20",
                "--tasks",
                "200",
                "--only",
                "tasks,start,round-trip"));

    MeasureAgainstDask.run(settings, new PrintStream(bytes, true, StandardCharsets.UTF_8));

    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(3, lines.size(), String.join("\n", lines));
    assertTrue(lines.get(0).startsWith("{\"row\": \"start\", \"first_answers_s\": "), lines.get(0));
    assertTrue(lines.get(1).startsWith("{\"row\": \"round-trip\", \"median_s\": "), lines.get(1));
    assertEquals(20, number(lines.get(1), "round_trips"));
    assertTrue(lines.get(2).startsWith("{\"row\": \"tasks\", \"seconds\": "), lines.get(2));
    assertEquals(200, number(lines.get(2), "tasks"));

    // Each member: its JVM started, then entered main, built its node and joined, in that order;
    // then this JVM saw both ready, connected, had both answers, and the partitions settled.
    String start = lines.get(0);
    for (String member : start.substring(start.indexOf('[')).split("\\}, \\{")) {
      double jvm = number(member, "jvm_started_s");
      double main = number(member, "main_entered_s");
      double built = number(member, "node_built_s");
      double joined = number(member, "joined_s");
      assertTrue(0 <= jvm && jvm <= main && main <= built && built <= joined, member);
      assertTrue(joined <= number(start, "members_joined_s") + 0.01, start); // ms vs ns clocks
    }
    assertTrue(number(start, "members_joined_s") <= number(start, "client_connected_s"), start);
    assertTrue(number(start, "client_connected_s") <= number(start, "first_answers_s"), start);
    assertTrue(number(start, "first_answers_s") <= number(start, "partitions_settled_s"), start);
    assertTrue(start.contains("\"hazelcast\": \"5.7.0\""), start);
    assertTrue(
        ProcessHandle.current()
            .descendants()
            .noneMatch(p -> p.info().commandLine().orElse("").contains(Member.class.getName())),
        "a member outlived the measurement");
  }

  @Test
  void theCommandLineSetsSizesAndPicksRowsInTheirOwnOrder() {
    Settings defaults = Settings.parse(List.of());
    assertEquals(new Settings(1_000, 1_000, 10_000, null, MeasureAgainstDask.ROWS), defaults);

    Settings some = Settings.parse(List.of("--only", "member-death,start", "--tasks", "5"));

    assertEquals(List.of("start", "member-death"), some.rows());
    assertEquals(5, some.tasks());
  }

  @Test
  void aBadCommandLineSaysWhatIsWrongInOneLine() {
    for (List<String> bad :
        List.of(
            List.of("--tasks"),
            List.of("--tasks", "0"),
            List.of("--warm-up", "x"),
            List.of("--only", "start,fanout"),
            List.of("--verbose", "1"))) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Settings.parse(bad));
      assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
  }

  @Test
  void writesJsonWithEscapedText() {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("row", "a \"quoted\" \\ line\n");
    row.put("runs", List.of(1, 2L));
    row.put("seconds", 0.25);

    assertEquals(
        "{\"row\": \"a \\\"quoted\\\" \\\\ line\\u000a\", \"runs\": [1, 2], \"seconds\": 0.250000}",
        MeasureAgainstDask.json(row));
  }

  @Test
  void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertEquals(3.0, MeasureAgainstDask.median(new long[] {9, 1, 3}));
    assertEquals(2.5, MeasureAgainstDask.median(new long[] {4, 1, 3, 2}));
  }

  @Test
  void askingForStartTimesOutsideAMemberFails() {
    assertThrows(IllegalStateException.class, () -> new StartTimes.Ask().call());
  }

  private static double number(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\": ([-0-9.e+]+)").matcher(json);
    assertTrue(m.find(), key + " in " + json);
    return Double.parseDouble(m.group(1));
  }
}
