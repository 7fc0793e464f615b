package dev.chapter20.executors;

import dev.chapter20.common.ExampleMenu;
import dev.chapter20.common.ExampleMenu.Example;
import dev.chapter20.common.Timeline;
import java.util.List;

/**
 * Runs the examples of section 20.3 ({@code concurrent.futures}) in the chapter's order, or one of
 * them by name, then the rest of {@code concurrent.futures} ({@code 20.3+}). With no name it runs
 * the quick ones; the measurements ({@code cpu-threads}, {@code cpu-comparison}, {@code
 * measure-pool}) run when named, or with {@code all}.
 *
 * <pre>
 *   ./mvnw -q -pl executors -am compile exec:exec
 *   ./mvnw -q -pl executors -am compile exec:exec -Dargs="cpu-comparison"
 *   ./mvnw -q -pl executors -am compile exec:exec -Dargs="all"
 * </pre>
 *
 * <p><b>Threading:</b> the examples run one after another on the main thread; each starts its pool
 * and closes it before the next begins, so no example's threads or worker JVMs outlive it.
 */
public final class ExecutorsMain {

  static final ExampleMenu MENU =
      new ExampleMenu(
          "./mvnw -q -pl executors -am compile exec:exec",
          List.of(
              new Example(
                  "thread-pool",
                  "20.3.1",
                  "a pool of 2 threads runs the two tasks; close() waits like Python's with",
                  (out, args) -> TwoTasksInThreadPool.run(new Timeline(out))),
              new Example(
                  "submit-get",
                  "20.3.1",
                  "submit a Callable, get its result, time out waiting for a slow one",
                  (out, args) -> SubmitAndGet.run(new Timeline(out))),
              new Example(
                  "map",
                  "20.3.1",
                  "Python's executor.map: results in input order",
                  (out, args) -> MapInInputOrder.run(new Timeline(out))),
              new Example(
                  "as-completed",
                  "20.3.1",
                  "Python's as_completed: results in completion order",
                  (out, args) -> AsCompleted.run(new Timeline(out))),
              new Example(
                  "exception",
                  "20.3.1",
                  "an exception in a task surfaces at get()",
                  (out, args) -> ExceptionAtGet.run(new Timeline(out))),
              new Example(
                  "cancel",
                  "20.3.1",
                  "cancel a queued task, interrupt a running one",
                  (out, args) -> CancelTasks.run(new Timeline(out))),
              new Example(
                  "first-completed",
                  "20.3.1",
                  "Python's wait(FIRST_COMPLETED), and invokeAny",
                  (out, args) -> FirstCompleted.run(new Timeline(out))),
              new Example(
                      "cpu-threads",
                      "20.3.1",
                      "CPU-bound work on 1, 2 and all cores: threads run in parallel (no GIL)",
                      (out, args) -> CpuBoundThreads.run(out))
                  .measuring(),
              new Example(
                  "process-pool",
                  "20.3.2",
                  "a pool of 2 worker JVMs runs the two tasks; close() waits",
                  (out, args) -> TwoTasksInProcessPool.run(new Timeline(out))),
              new Example(
                  "process-pool-api",
                  "20.3.2",
                  "submit, map, a remote exception, a refused lambda made to travel",
                  (out, args) -> ProcessPoolApi.run(new Timeline(out))),
              new Example(
                  "stop-task",
                  "20.3+",
                  "stop a running task: a timeout, then cancel(true), kill its worker",
                  (out, args) -> StopRunningTask.run(new Timeline(out))),
              new Example(
                  "recycle",
                  "20.3+",
                  "max_tasks_per_child: a new worker JVM after every three tasks",
                  (out, args) -> RecycleWorkers.run(new Timeline(out))),
              new Example(
                  "progress",
                  "20.3+",
                  "tqdm's progress bar, over imapUnordered and a completion service",
                  (out, args) -> ProgressBars.run(out::println)),
              new Example(
                  "done-callback",
                  "20.3+",
                  "add_done_callback as whenComplete: on the pool thread, or at once if done",
                  (out, args) -> CallbackWhenDone.run(new Timeline(out))),
              new Example(
                  "initializer",
                  "20.3+",
                  "ThreadPoolExecutor(initializer=...): a connection per thread, opened first",
                  (out, args) -> InitializeEachThread.run(new Timeline(out))),
              new Example(
                  "bounded-queue",
                  "20.3+",
                  "a bounded queue: CallerRunsPolicy pushes back, AbortPolicy refuses",
                  (out, args) -> PushBackWhenFull.run(new Timeline(out))),
              new Example(
                      "cpu-comparison",
                      "20.3.2",
                      "the same CPU-bound job: sequential, threads, processes, ForkJoin",
                      (out, args) -> CpuBoundComparison.run(out))
                  .measuring(),
              new Example(
                      "measure-pool",
                      "20.3.2",
                      "what a process pool adds per task: round trip, map, start-up",
                      (out, args) -> MeasureProcessPool.run(out))
                  .measuring(),
              new Example(
                      "measure-imap",
                      "20.3+",
                      "map against imapUnordered, 10,000,000 items: the heap each needs",
                      (out, args) -> MeasureStreamMemory.run(out))
                  .measuring()));

  private ExecutorsMain() {}

  public static void main(String[] args) {
    MENU.runAndExit(args);
  }
}
