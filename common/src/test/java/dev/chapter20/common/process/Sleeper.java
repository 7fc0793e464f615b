package dev.chapter20.common.process;

/**
 * A test child that runs until it is stopped; with {@code --no-watch} it does not watch its parent.
 */
public final class Sleeper {

  private Sleeper() {}

  public static void main(String[] args) throws InterruptedException {
    if (!(args.length > 0 && args[0].equals("--no-watch"))) {
      ChildRuntime.install();
    }
    System.out.println("sleeping");
    Thread.sleep(Long.MAX_VALUE);
  }
}
