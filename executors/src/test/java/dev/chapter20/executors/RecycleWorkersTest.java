package dev.chapter20.executors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chapter20.common.RecordingSink;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A leaking task never finds more than three runs' worth in its worker: a new JVM takes over. */
@Timeout(60)
class RecycleWorkersTest {

  @Test
  void theLeakStartsOverInEachNewWorkerAfterThreeTasks() throws Exception {
    RecordingSink out = new RecordingSink();

    RecycleWorkers.run(out);

    List<String> held =
        out.texts().stream()
            .filter(line -> line.startsWith("task "))
            .map(line -> line.replaceAll(".* holds (\\d+) MB$", "$1"))
            .toList();
    assertEquals(List.of("1", "2", "3", "1", "2", "3", "1"), held, out.texts().toString());
    List<String> pids =
        out.texts().stream()
            .filter(line -> line.startsWith("task "))
            .map(line -> line.replaceAll(".*pid (\\d+) .*", "$1"))
            .distinct()
            .toList();
    assertEquals(3, pids.size(), "three worker JVMs for seven tasks");
  }
}
