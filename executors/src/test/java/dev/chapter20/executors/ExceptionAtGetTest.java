package dev.chapter20.executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.common.RecordingSink;
import dev.chapter20.common.RecordingSink.Line;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ExceptionAtGetTest {

  @Test
  void getThrowsExecutionExceptionWhoseCauseIsTheTasksOwnException() throws InterruptedException {
    IllegalStateException thrown = new IllegalStateException("task failed");
    Callable<Integer> failing =
        () -> {
          throw thrown;
        };

    try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
      Future<Integer> future = pool.submit(failing);

      ExecutionException e = assertThrows(ExecutionException.class, future::get);
      assertSame(thrown, e.getCause());
    }
  }

  @Test
  void anUnreadFutureKeepsItsExceptionUntilAsked() throws InterruptedException {
    Future<Integer> neverRead;
    try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
      neverRead = pool.submit(() -> ExceptionAtGet.parsePositive("-7"));
    } // the task has failed by now, and nothing was reported

    assertEquals(Future.State.FAILED, neverRead.state());
    assertEquals("not positive: -7", neverRead.exceptionNow().getMessage());
  }

  @RepeatedTest(5)
  void demoReportsEachFailureWhereItSurfaces() throws InterruptedException {
    RecordingSink sink = new RecordingSink();

    ExceptionAtGet.run(sink);

    String cause = "java.lang.IllegalArgumentException: not positive: ";
    assertEquals(
        List.of(
            "get() threw ExecutionException; its cause: " + cause + "-5",
            "uncaught-exception handler: " + cause + "-9",
            "the never-read future is FAILED: " + cause + "-7"),
        sink.texts());
    Line handler = sink.lines().get(1);
    assertTrue(handler.thread().startsWith("pool-"), handler::toString);
  }
}
