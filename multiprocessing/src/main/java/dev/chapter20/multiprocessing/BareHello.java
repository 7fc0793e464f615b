package dev.chapter20.multiprocessing;

import dev.chapter20.common.process.JvmLauncher;

/**
 * Prints {@code hello}: the yardstick for child start-up. {@link MeasurePipes} starts it as a bare
 * {@code java -cp ... BareHello}, beside {@link HelloChild} started by the {@link JvmLauncher}.
 */
public final class BareHello {

  private BareHello() {}

  public static void main(String[] args) {
    System.out.println("hello");
  }
}
