package dev.chapter20.common.process;

/** A test child whose main throws, as a buggy child would. */
public final class Crasher {

  private Crasher() {}

  public static void main(String[] args) {
    ChildRuntime.install();
    System.out.println("about to fail");
    throw new IllegalStateException("boom in the child");
  }
}
