package dev.chapter20.threading;

import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import dev.chapter20.common.process.ChildJvm;
import dev.chapter20.common.process.ChildRuntime;
import dev.chapter20.common.process.JvmLauncher;
import dev.chapter20.threading.support.Interruptible;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A JVM exits when its last non-daemon thread ends, whatever its daemon threads are doing: Python's
 * {@code Thread(daemon=True)} as {@code Thread.ofPlatform().daemon(true)} ({@code setDaemon(true)}
 * before {@code start}). It extends section 20.1.1, where the main thread joins its workers; here
 * nobody joins a daemon.
 *
 * <p>Exit is the point, so the demo runs in a child JVM ({@link Child}) and the parent relays its
 * lines. The child's main returns at once; the JVM still waits for its ordinary {@code worker}
 * thread, then exits in the middle of the daemon's endless loop. As in Python, the daemon is
 * stopped where it stands: its {@code finally} never runs. Give daemons only work that may be lost
 * (a watcher, a cache refresher), never a write that must finish.
 *
 * <p><b>Threading:</b> in the child, {@code main} starts {@code daemon} and {@code worker} and
 * returns; {@code worker} joins {@code main} first, so its line comes after main's. In the parent,
 * a relay thread prints the child's output, and {@code waitForSuccess} returns after its last line.
 *
 * @see Thread.Builder.OfPlatform#daemon(boolean)
 */
public final class DaemonThreads {

  private DaemonThreads() {}

  /** Runs the child JVM and relays what its threads print; fails if it does not exit in 10 s. */
  public static void run(LineSink out) throws Exception {
    try (ChildJvm child = JvmLauncher.forMain(Child.class).name("daemon-demo").start()) {
      child.relayStdout(out);
      child.waitForSuccess(Duration.ofSeconds(10));
      out.println("the child JVM exited, its daemon thread still in its endless loop");
    }
  }

  /** The child: a daemon that never ends, a worker that outlives main, and main. */
  public static final class Child {

    private Child() {}

    public static void main(String[] args) throws InterruptedException {
      ChildRuntime.install();
      Thread main = Thread.currentThread();
      CountDownLatch daemonRunning = new CountDownLatch(1);
      Thread.ofPlatform()
          .name("daemon")
          .daemon(true)
          .start(
              () -> {
                try {
                  System.out.println("daemon: looping forever");
                  daemonRunning.countDown();
                  while (true) {
                    Thread.sleep(10);
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } finally {
                  System.out.println("daemon: finally"); // never printed: exit does not wait
                }
              });
      Interruptible.start(
          "worker",
          () -> {
            main.join();
            System.out.println("worker: main has returned; the JVM still waits for me");
          });
      daemonRunning.await();
      System.out.println("main: returning");
    }
  }

  public static void main(String[] args) throws Exception {
    run(new Timeline(System.out));
  }
}
