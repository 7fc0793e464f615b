package dev.chapter20.executors.pool;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Tasks that make a process pool's workers do odd things, for the tests. */
final class TestTasks {

  private TestTasks() {}

  /** Returns the PID of the process it runs in. */
  record Pid() implements Callable<Long>, Serializable {
    @Override
    public Long call() {
      return ProcessHandle.current().pid();
    }
  }

  /** Ends its worker JVM with {@code System.exit(code)}. */
  record Exit(int code) implements Callable<Void>, Serializable {
    @Override
    public Void call() {
      System.exit(code);
      return null;
    }
  }

  /**
   * Prints {@code waiting in pid <pid>}, then waits until the file {@code gate} exists: a gate the
   * test opens from its own process.
   */
  record WaitForFile(String gate) implements Callable<String>, Serializable {
    @Override
    public String call() throws InterruptedException {
      System.out.println("waiting in pid " + ProcessHandle.current().pid());
      while (!Files.exists(Path.of(gate))) {
        Thread.sleep(5);
      }
      return "passed";
    }
  }

  /** Prints a line: evidence that it ran. */
  record Mark(String text) implements Runnable, Serializable {
    @Override
    public void run() {
      System.out.println(text);
    }
  }

  /** Returns a plain {@code Object}, which cannot travel back. */
  record ReturnObject() implements Callable<Object>, Serializable {
    @Override
    public Object call() {
      return new Object();
    }
  }

  /** Throws an exception that holds something that cannot travel. */
  record ThrowUntravellable() implements Callable<Void>, Serializable {
    @Override
    public Void call() {
      throw new HoldingException("cannot come back as itself");
    }
  }

  /** An exception with a field that is not serializable. */
  static final class HoldingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // the point: this field cannot be serialized
    private final Object held = new Object();

    HoldingException(String message) {
      super(message);
    }

    @Override
    public String toString() {
      return super.toString() + " holding " + held.getClass().getSimpleName();
    }
  }

  /** A serializable task that is neither a record nor in an allowed package, by default. */
  static final class PlainClassTask implements Callable<String>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public String call() {
      return "plain";
    }
  }
}
