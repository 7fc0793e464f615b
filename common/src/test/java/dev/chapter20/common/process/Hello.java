package dev.chapter20.common.process;

/** A test child that prints {@code hello}. */
public final class Hello {

  private Hello() {}

  public static void main(String[] args) {
    ChildRuntime.install();
    System.out.println("hello");
  }
}
