package dev.chapter20.async;

import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Takes three results in the order they finish, not the order they were started: Python's {@code
 * for next in asyncio.as_completed(aws): print(await next)}. Beyond the chapter's section 20.4; the
 * executors module's {@code AsCompleted} does the same over a pool of platform threads.
 *
 * <p>What Java does differently: an {@link ExecutorCompletionService} puts each task's future on a
 * queue as it completes, and {@code take()} blocks until the next one is there. Over virtual
 * threads, every task has its own thread and the blocking {@code take()} costs no OS thread.
 *
 * <p><b>Threading:</b> one virtual thread per task; each waits for its own gate, which the caller
 * opens last to first, so the finishing order is the reverse of the starting order on every run.
 * The caller takes each result before it opens the next gate.
 */
public final class AsCompletedOnVirtualThreads {

  private AsCompletedOnVirtualThreads() {}

  /** Runs the example; returns the results in the order they were taken. */
  public static List<String> run(LineSink out) throws InterruptedException, ExecutionException {
    List<String> names = List.of("first", "second", "third");
    List<CountDownLatch> gates = names.stream().map(name -> new CountDownLatch(1)).toList();
    List<String> taken = new ArrayList<>();
    try (ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor()) {
      CompletionService<String> done = new ExecutorCompletionService<>(virtualThreads);
      for (int i = 0; i < names.size(); i++) {
        String name = names.get(i);
        CountDownLatch gate = gates.get(i);
        done.submit(
            () -> {
              gate.await(); // stands for work that takes as long as it takes
              return name + " started, finished";
            });
      }
      out.println("started: " + String.join(", ", names));
      for (int i = names.size() - 1; i >= 0; i--) {
        gates.get(i).countDown();
        String result = done.take().get();
        out.println("took: " + result);
        taken.add(result);
      }
    }
    return taken;
  }

  public static void main(String[] args) throws InterruptedException, ExecutionException {
    run(new Timeline(System.out));
  }
}
