package dev.chapter20.multiprocessing;

import dev.chapter20.common.process.ChildRuntime;
import dev.chapter20.common.process.JvmLauncher;

/**
 * Prints {@code hello} as a proper child does, after {@link ChildRuntime#install()}: what {@link
 * MeasurePipes} times to find the cost of a child started by the {@link JvmLauncher}.
 *
 * <p><b>Threading:</b> the main thread prints; {@link ChildRuntime#install()} adds a daemon thread
 * that watches the parent.
 */
public final class HelloChild {

  private HelloChild() {}

  public static void main(String[] args) {
    ChildRuntime.install();
    System.out.println("hello");
  }
}
