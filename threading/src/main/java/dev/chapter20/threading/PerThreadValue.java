package dev.chapter20.threading;

import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Each thread sets and reads its own value of one shared variable: Python's {@code
 * threading.local()} as a {@link ThreadLocal}. It extends section 20.1.2 with the opposite of a
 * shared counter: state no other thread can see, so it needs no lock.
 *
 * <p>{@code local.x = ...} is {@code set(...)}, reading it is {@code get()}, and a default is
 * {@code ThreadLocal.withInitial}. The trap is a pool: its threads outlive the task, and so do
 * their values. The second task below runs on the same pool thread as the first and still sees the
 * first's value; call {@code remove()} in a {@code finally} when a task ends. Java 21 has a
 * successor, {@code ScopedValue}, bound for a block and gone after it, but only as a preview there;
 * it is final from JDK 25 (JEP 506). This project compiles for release 21, so it does not use it.
 *
 * <p><b>Threading:</b> threads {@code numbers} and {@code letters}, then one pool thread. A value
 * is read only by the thread that set it: nothing is shared, nothing is guarded.
 *
 * @see ThreadLocal
 */
public final class PerThreadValue {

  private static final ThreadLocal<String> CURRENT_TASK = ThreadLocal.withInitial(() -> "none");

  private PerThreadValue() {}

  /** Two threads set their own value; then a pool thread keeps one value from task to task. */
  public static void run(LineSink out) throws Exception {
    Thread numbers = Thread.ofPlatform().name("numbers").start(() -> setAndRead("numbers", out));
    Thread letters = Thread.ofPlatform().name("letters").start(() -> setAndRead("letters", out));
    numbers.join();
    letters.join();
    out.println("main sees its own value: " + CURRENT_TASK.get());

    try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
      pool.submit(() -> CURRENT_TASK.set("first task")).get(); // and forgets to remove() it
      String seen = pool.submit(CURRENT_TASK::get).get();
      out.println("a second task on the same pool thread sees: " + seen);
      pool.submit(CURRENT_TASK::remove).get();
      out.println("after remove(): " + pool.submit(CURRENT_TASK::get).get());
    }
  }

  private static void setAndRead(String task, LineSink out) {
    out.println("before set: " + CURRENT_TASK.get());
    CURRENT_TASK.set(task);
    out.println("after set: " + CURRENT_TASK.get());
  }

  public static void main(String[] args) throws Exception {
    run(new Timeline(System.out));
  }
}
