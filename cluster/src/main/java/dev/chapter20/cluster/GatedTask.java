package dev.chapter20.cluster;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;

/**
 * Section 20.5 (beyond the chapter): a task that leaves evidence of each run and then waits for a
 * gate: it creates the file {@code started-<name>-<pid>} in {@code folder}, prints {@value
 * #STARTED} and its name, and waits until the file {@code open} appears there, then returns. For
 * {@link MemberDeath}, which kills the member while the task waits, then opens the gate, then
 * counts the runs.
 *
 * <p>Files work as evidence because {@code MemberDeath}'s members all run on this machine: a run
 * that was cut short by a kill still left its file.
 *
 * <p><b>Threading:</b> immutable; each run is one thread of a member's executor, and runs share
 * nothing but the folder.
 *
 * @param name the task's name in the files and lines
 * @param folder where the evidence and the gate are
 */
public record GatedTask(String name, String folder) implements Callable<String>, Serializable {

  /** What the task prints when it starts, before its name. */
  public static final String STARTED = "started ";

  /** The name of the gate file. */
  public static final String GATE = "open";

  private static final long MAX_WAIT_MILLIS = 60_000;

  @Override
  public String call() throws IOException, InterruptedException, TimeoutException {
    long pid = ProcessHandle.current().pid();
    Files.createFile(Path.of(folder, "started-" + name + "-" + pid));
    System.out.println(STARTED + name);
    long deadline = System.currentTimeMillis() + MAX_WAIT_MILLIS;
    while (!Files.exists(Path.of(folder, GATE))) {
      if (System.currentTimeMillis() > deadline) {
        throw new TimeoutException(name + ": the gate did not open");
      }
      Thread.sleep(5); // stands in for work: the member is killed meanwhile
    }
    return "finished in pid " + pid;
  }
}
