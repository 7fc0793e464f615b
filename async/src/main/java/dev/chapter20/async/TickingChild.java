package dev.chapter20.async;

import dev.chapter20.common.process.ChildRuntime;

/**
 * The child program of {@link Subprocesses}, in a JVM of its own: prints {@code tick 1}, {@code
 * tick 2}, ... one every {@code args[1]} ms, {@code args[0]} of them, then exits with code {@code
 * args[2]}. A count of {@code -1} ticks forever: the child that has to be killed.
 *
 * <p>Run without its three arguments (from an IDE, say), it says in one line what it is and exits
 * with code 2.
 *
 * <p><b>Threading:</b> the main thread ticks; {@link ChildRuntime#install()} adds a daemon thread
 * that ends this JVM if its parent goes.
 */
public final class TickingChild {

  private TickingChild() {}

  public static void main(String[] args) throws InterruptedException {
    ChildRuntime.install();
    if (args.length != 3) {
      System.err.println(
          "TickingChild is the child program of the async module's subprocesses example, which"
              + " starts it with three arguments: ticks, milliseconds per tick, exit code");
      System.exit(2);
    }
    int ticks = Integer.parseInt(args[0]);
    long pause = Long.parseLong(args[1]);
    for (int tick = 1; ticks < 0 || tick <= ticks; tick++) {
      Thread.sleep(pause); // stands for work
      System.out.println("tick " + tick);
    }
    System.exit(Integer.parseInt(args[2]));
  }
}
