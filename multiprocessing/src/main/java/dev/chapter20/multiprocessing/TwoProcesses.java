package dev.chapter20.multiprocessing;

import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import dev.chapter20.common.process.ChildJvm;
import dev.chapter20.common.process.JvmLauncher;
import java.time.Duration;

/**
 * Two child JVMs print the numbers and the letters while the parent waits for both: section 20.2.1.
 *
 * <p>Python's {@code multiprocessing.Process(target=f).start()} becomes {@link JvmLauncher#start()}
 * and {@code join()} becomes {@link ChildJvm#waitForSuccess}, which, unlike {@code join()}, gives
 * up after a timeout and fails when the child failed (Python leaves you to check {@code exitcode}).
 * Each child is a separate operating-system process with its own PID and its own memory; what it
 * prints comes back to the parent through a pipe, and the parent relays it.
 *
 * <p><b>Threading:</b> a daemon thread per child reads its output and prints it to the timeline;
 * {@code waitForSuccess} returns after that thread has relayed the child's last line.
 */
public final class TwoProcesses {

  /** The PIDs of the two children, as the parent saw them. */
  public record Pids(long numbers, long letters) {}

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private TwoProcesses() {}

  /** Runs the example, printing the parent's and the children's lines to {@code out}. */
  public static Pids run(LineSink out) throws Exception {
    out.println("parent is pid " + ProcessHandle.current().pid());
    try (ChildJvm numbers =
            JvmLauncher.forMain(PrintTaskChild.class).name("numbers").args("numbers").start();
        ChildJvm letters =
            JvmLauncher.forMain(PrintTaskChild.class).name("letters").args("letters").start()) {
      out.println("started " + numbers + " and " + letters);
      numbers.relayStdout(out);
      letters.relayStdout(out);

      numbers.waitForSuccess(TIMEOUT);
      letters.waitForSuccess(TIMEOUT);

      out.println("both processes have finished");
      return new Pids(numbers.pid(), letters.pid());
    }
  }

  public static void main(String[] args) throws Exception {
    run(new Timeline(System.out));
  }
}
