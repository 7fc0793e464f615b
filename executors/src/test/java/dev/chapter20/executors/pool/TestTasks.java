package dev.chapter20.executors.pool;

import dev.chapter20.executors.pool.transport.PoolConnection;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Random;
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

  /** Starts {@code sleep 300} and returns its PID: a process of the task's own, left running. */
  record StartSleep() implements Callable<Long>, Serializable {
    @Override
    public Long call() throws IOException {
      return new ProcessBuilder("sleep", "300").start().pid();
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

  /** Returns {@code value}, after writing {@code junk} straight to file descriptor 1 or 2. */
  record PrintRawThenReturn(int value, byte[] junk, boolean toStderr)
      implements Callable<Integer>, Serializable {
    @Override
    public Integer call() throws IOException {
      @SuppressWarnings("resource") // closing it would close the worker's stdout
      FileOutputStream fd =
          new FileOutputStream(toStderr ? FileDescriptor.err : FileDescriptor.out);
      fd.write(junk);
      fd.flush();
      return value;
    }

    /** Bytes that look like frames: lengths, end markers, and random noise, then a newline. */
    static byte[] frameLikeJunk(long seed) {
      byte[] junk = new byte[512];
      new Random(seed).nextBytes(junk);
      junk[0] = 0; // a plausible length prefix: 0x00000010
      junk[1] = 0;
      junk[2] = 0;
      junk[3] = 16;
      junk[4] = -1; // then an end marker
      junk[5] = -1;
      junk[6] = -1;
      junk[7] = -1;
      junk[junk.length - 1] = '\n';
      return junk;
    }
  }

  /**
   * Runs {@code java --version}, which prints to standard output, in a child process that inherits
   * the worker's standard streams; returns its exit code.
   */
  record ChildProcessPrints() implements Callable<Integer>, Serializable {
    @Override
    public Integer call() throws IOException, InterruptedException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      return new ProcessBuilder(java, "--version").inheritIO().start().waitFor();
    }
  }

  /** Returns an array of {@code length} bytes. */
  record BigResult(int length) implements Callable<byte[]>, Serializable {
    @Override
    public byte[] call() {
      return new byte[length];
    }
  }

  /** A task that carries {@code payload}, to test what may travel; returns its size. */
  record Carry(Object payload) implements Callable<Integer>, Serializable {
    @Override
    public Integer call() {
      if (payload instanceof Collection<?> collection) {
        return collection.size();
      }
      return payload != null && payload.getClass().isArray() ? Array.getLength(payload) : 1;
    }
  }

  /** A linked chain of records, {@code depth} long: each level nests one object deeper. */
  record Chain(Chain next, int value) implements Serializable {
    static Chain ofDepth(int depth) {
      Chain chain = null;
      for (int i = 0; i < depth; i++) {
        chain = new Chain(chain, i);
      }
      return chain;
    }
  }

  /** Returns a chain of {@code depth} records, to test what may travel back. */
  record DeepResult(int depth) implements Callable<Chain>, Serializable {
    @Override
    public Chain call() {
      return Chain.ofDepth(depth);
    }
  }

  /** Throws an {@link Error}, not an exception. */
  record ThrowError(String message) implements Callable<Void>, Serializable {
    @Override
    public Void call() {
      throw new AssertionError(message);
    }
  }

  /** Ends its worker with {@code Runtime.halt}: no shutdown hooks, no flush, exit code 0. */
  record Halt() implements Callable<Void>, Serializable {
    @Override
    public Void call() {
      Runtime.getRuntime().halt(0);
      return null;
    }
  }

  /** Reads the worker's standard input: returns what {@code read()} gave. */
  record ReadStdin() implements Callable<Integer>, Serializable {
    @Override
    public Integer call() throws IOException {
      return System.in.read();
    }
  }

  /** Leaves its thread interrupted, as careless code does, and returns. */
  record LeaveInterrupted() implements Callable<String>, Serializable {
    @Override
    public String call() {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** Starts a thread that never ends and is not a daemon: it must not keep the worker alive. */
  record StartEndlessThread() implements Callable<String>, Serializable {
    @Override
    public String call() {
      Thread.ofPlatform()
          .daemon(false)
          .start(
              () -> {
                while (true) {
                  try {
                    Thread.sleep(60_000);
                  } catch (InterruptedException e) {
                    // keep going: that is the point
                  }
                }
              });
      return "started";
    }
  }

  /** Exits its worker; its {@code toString} throws, as a careless task's might. */
  record ExitWithBadToString(int code) implements Callable<Void>, Serializable {
    @Override
    public Void call() {
      System.exit(code);
      return null;
    }

    @Override
    public String toString() {
      throw new IllegalStateException("toString of a task failed");
    }
  }

  /** Returns a value that throws {@code failure} when it is rebuilt outside a worker. */
  record ReturnBrittle(String failure) implements Callable<Brittle>, Serializable {
    @Override
    public Brittle call() {
      return new Brittle(failure);
    }
  }

  /**
   * A value that can be rebuilt only in a worker JVM: in the pool's JVM its {@code readObject}
   * throws a {@link ClassCastException} or an {@link OutOfMemoryError}, as a broken class might.
   */
  static final class Brittle implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String failure;

    Brittle(String failure) {
      this.failure = failure;
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      if (System.getProperty(PoolConnection.SOCKET_PROPERTY) == null) {
        if (failure.equals("oom")) {
          throw new OutOfMemoryError("simulated while rebuilding a reply");
        }
        throw new ClassCastException("simulated while rebuilding a reply");
      }
    }
  }

  /** Returns {@code new Answer(index, pid)} after spinning for {@code micros}: the chaos task. */
  record Numbered(int index, int micros) implements Callable<Answer>, Serializable {
    @Override
    public Answer call() {
      long end = System.nanoTime() + micros * 1000L;
      while (System.nanoTime() < end) {
        Thread.onSpinWait();
      }
      return new Answer(index, expected(index), ProcessHandle.current().pid());
    }

    static long expected(int index) {
      return index * 2_654_435_761L + 17;
    }
  }

  /** What a {@link Numbered} task returns. */
  record Answer(int index, long value, long pid) implements Serializable {}

  /** A list of {@code count} distinct integers, as a payload with that many objects. */
  static List<Integer> integers(int count) {
    List<Integer> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      list.add(1_000_000 + i); // outside the Integer cache: each one a separate object
    }
    return list;
  }
}
