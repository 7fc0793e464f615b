package dev.chapter20.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecordingSinkTest {

  @Test
  void recordsEachLineWithTheThreadThatPrintedIt() throws InterruptedException {
    RecordingSink sink = new RecordingSink();
    Thread worker = Thread.ofPlatform().name("worker").start(() -> sink.println("from worker"));
    worker.join();
    sink.println("from test");

    assertEquals(List.of("from worker"), sink.textsFrom("worker"));
    assertEquals(List.of("from worker", "from test"), sink.texts());
  }

  @Test
  void namesUnnamedVirtualThreadsByTheirId() throws InterruptedException {
    RecordingSink sink = new RecordingSink();
    Thread virtual = Thread.ofVirtual().start(() -> sink.println("hi"));
    virtual.join();

    assertEquals("virtual#" + virtual.threadId(), sink.lines().get(0).thread());
  }

  @Test
  void textsAmongKeepsArrivalOrder() {
    RecordingSink sink = new RecordingSink();
    List.of("a", "0", "b", "1").forEach(sink::println);

    assertEquals(List.of("0", "1"), sink.textsAmong(ChapterTasks.NUMBERS));
  }
}
