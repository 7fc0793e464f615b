package dev.chapter20.async;

import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Gives three steps one time budget between them: Python's {@code async with asyncio.timeout(0.2):}
 * around several awaits. Beyond the chapter's section 20.4.
 *
 * <p>What Java does differently: there is no block-scoped timeout (JDK 25's preview {@code
 * StructuredTaskScope} takes one for a scope's subtasks, through its configuration's {@code
 * withTimeout}, not for any wait). A deadline is a point in {@link System#nanoTime()} time, and
 * each wait is given what is left of it. A timeout per call ({@code get(budget)} each time) would
 * let three slow steps take three budgets.
 *
 * <p><b>Threading:</b> the steps are futures completed by {@code CompletableFuture}'s delayed
 * executor (the first two) or never (the third); the caller waits for each in turn.
 */
public final class SharedDeadline {

  static final Duration BUDGET = Duration.ofMillis(200);

  private SharedDeadline() {}

  /**
   * Runs the three steps under one deadline; returns the time each wait was given, in ms: each is
   * less than the one before, because the budget is shared.
   */
  public static List<Long> run(LineSink out) throws InterruptedException, ExecutionException {
    long deadline = System.nanoTime() + BUDGET.toNanos();
    List<Supplier<CompletableFuture<String>>> steps =
        List.of(
            () -> after(50, "step 1 done"),
            () -> after(50, "step 2 done"),
            CompletableFuture::new); // a step that never ends: the budget must stop it
    List<Long> given = new ArrayList<>();
    for (Supplier<CompletableFuture<String>> next : steps) {
      CompletableFuture<String> step = next.get(); // starts when the one before has ended
      long left = deadline - System.nanoTime();
      given.add(TimeUnit.NANOSECONDS.toMillis(left));
      try {
        String done = step.get(Math.max(0, left), TimeUnit.NANOSECONDS);
        out.println(
            done
                + "; "
                + TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())
                + " ms of the budget left");
      } catch (TimeoutException e) {
        out.println(
            "the next step ran out of the " + BUDGET.toMillis() + " ms budget: TimeoutException");
        break;
      }
    }
    return given;
  }

  private static CompletableFuture<String> after(long millis, String value) {
    return CompletableFuture.supplyAsync(
        () -> value, CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS));
  }

  public static void main(String[] args) throws InterruptedException, ExecutionException {
    run(new Timeline(System.out));
  }
}
