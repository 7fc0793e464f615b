package dev.chapter20.common.process;

import java.time.Duration;

/**
 * A test program that is itself a parent: it launches a child with the {@link JvmLauncher} and
 * prints the child's PID, then does what its argument says.
 *
 * <ul>
 *   <li>{@code hello}: relays a {@link Hello}'s output and exits when the child has;
 *   <li>{@code hang}: starts a {@link Sleeper} and waits forever (the test then kills this JVM);
 *   <li>{@code exit}: starts a {@link Sleeper} that does not watch its parent, and exits at once,
 *       leaving the child to the shutdown hook.
 * </ul>
 */
public final class LaunchingParent {

  private LaunchingParent() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "hello" -> {
        try (ChildJvm child = JvmLauncher.forMain(Hello.class).start()) {
          System.out.println("child pid " + child.pid());
          child.relayStdout(System.out::println);
          child.waitForSuccess(Duration.ofSeconds(30));
        }
      }
      case "hang" -> {
        ChildJvm child = JvmLauncher.forMain(Sleeper.class).start();
        System.out.println("child pid " + child.pid());
        Thread.sleep(Long.MAX_VALUE);
      }
      case "exit" -> {
        ChildJvm child = JvmLauncher.forMain(Sleeper.class).args("--no-watch").start();
        child.stdout().read(); // wait until it runs
        System.out.println("child pid " + child.pid());
        System.exit(0);
      }
      default -> throw new IllegalArgumentException(args[0]);
    }
  }
}
