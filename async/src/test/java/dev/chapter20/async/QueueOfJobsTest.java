package dev.chapter20.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.common.RecordingSink;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/** Every job is done exactly once, and run() returns: every worker found its end marker. */
@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD)
class QueueOfJobsTest {

  @RepeatedTest(10)
  void everyJobIsDoneOnceByOneOfTheWorkers() {
    RecordingSink sink = new RecordingSink();

    List<String> done = QueueOfJobs.run(sink, 500);

    List<String> expected = IntStream.rangeClosed(1, 500).mapToObj(i -> "job " + i).toList();
    assertEquals(expected, done.stream().sorted((a, b) -> number(a) - number(b)).toList());
    Set<String> workers = Set.of("worker-1", "worker-2", "worker-3");
    assertTrue(
        sink.lines().stream()
            .filter(l -> l.text().startsWith("did "))
            .allMatch(l -> workers.contains(l.thread())),
        "only the workers do jobs");
  }

  private static int number(String job) {
    return Integer.parseInt(job.substring("job ".length()));
  }
}
