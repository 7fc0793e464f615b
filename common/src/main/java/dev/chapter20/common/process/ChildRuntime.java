package dev.chapter20.common.process;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * What every child JVM calls first in its {@code main}: {@code ChildRuntime.install();}. It makes
 * the child exit when its parent is gone, and report a crash in one line.
 *
 * <p>A parent that ends normally destroys its children itself (see {@link ChildJvm}); a parent that
 * is killed outright ({@code kill -9}, a crash) runs no code at all. Its children notice here: a
 * daemon thread checks five times a second whether the JVM that launched this one (whose PID {@link
 * JvmLauncher} passes as the system property {@value #PARENT_PID}) is still its parent, and halts
 * the child when it is not. So no child is left behind, however the parent ends.
 *
 * <p>An exception that escapes a thread is printed with its stack trace, followed by one last line,
 * {@code error: <type>: <message>}, which is the line the parent shows. (An exception that escapes
 * {@code main} still makes the JVM exit with code 1, as always.)
 *
 * <p><b>Threading:</b> {@link #install()} is {@code synchronized} and sets the JVM-wide default
 * uncaught-exception handler. In a child started by {@link JvmLauncher} it also starts one daemon
 * thread, {@code parent-watch}, which checks the parent (in {@code /proc} on Linux) and halts the
 * JVM when it is gone, so the child's own threads never wait for it (after {@link
 * #whenParentGone}'s clean-up, if one was given).
 */
/*
 * Maintainers: this runs on every child's start-up path, where each loaded class costs. No lambdas
 * (their bootstrap loads the method-handle machinery, ~5 ms), and on Linux no ProcessHandle
 * (~13 ms): the parent is found in /proc/self/stat with plain java.io. Reading the parent's PID
 * there is also immune to PID reuse: a child whose parent dies is re-parented at once.
 */
public final class ChildRuntime {

  /** The system property that carries the parent's PID. */
  static final String PARENT_PID = "chapter20.parent.pid";

  /** The exit code of a child that stopped because its parent had gone. */
  public static final int PARENT_GONE = 125;

  private static final long WATCH_PERIOD_MILLIS = 200;

  private static volatile Runnable lastWords = () -> {};
  private static volatile ParentWatch watch; // null: not started by a JvmLauncher

  private ChildRuntime() {}

  /**
   * Runs {@code cleanUp} if this child stops because its parent has gone, just before it halts: for
   * what the parent would have removed, had it not been killed (a file it made for this child). It
   * must be quick and must not throw; a later call replaces an earlier one.
   */
  public static void whenParentGone(Runnable cleanUp) {
    lastWords = cleanUp;
  }

  /** The exit code of a child main run by hand, without the parent that starts it. */
  public static final int NOT_STARTED_BY_PARENT = 2;

  /**
   * {@link #install()}, for a main that only its parent starts, through a {@link JvmLauncher}: run
   * by hand (from an IDE, say), it prints {@code whatItIs} as one line on standard error and exits
   * with {@value #NOT_STARTED_BY_PARENT}, rather than wait for input that never comes or fail with
   * a stack trace. Say what the program is and which example starts it.
   */
  public static void installAsChild(String whatItIs) {
    if (System.getProperty(PARENT_PID) == null) {
      System.err.println(whatItIs);
      System.exit(NOT_STARTED_BY_PARENT);
    }
    install();
  }

  /** Installs the parent watch and the one-line crash report. Does nothing twice. */
  public static synchronized void install() {
    if (Thread.getDefaultUncaughtExceptionHandler() instanceof OneLineCrashReport) {
      return;
    }
    Thread.setDefaultUncaughtExceptionHandler(new OneLineCrashReport());
    String parent = System.getProperty(PARENT_PID);
    if (parent != null) { // started by a JvmLauncher, not by hand
      watch = new ParentWatch(Long.parseLong(parent));
      watch.start();
    }
  }

  /**
   * Exits, as the watch would, if the parent goes within {@code wait}: for a child that has just
   * lost its connection to the parent. A killed parent's connections close before the system gives
   * its children a new parent, so the child looks a few times. Returns if the parent is still
   * there, or the child was not started by a launcher.
   */
  public static void exitIfParentGoneWithin(Duration wait) throws InterruptedException {
    ParentWatch running = watch;
    if (running == null) {
      return;
    }
    long deadline = System.nanoTime() + wait.toNanos();
    do {
      if (!running.parentAlive()) {
        running.exitForParent();
      }
      Thread.sleep(10);
    } while (System.nanoTime() - deadline < 0);
  }

  private static final class ParentWatch extends Thread {
    private final long parentPid;

    ParentWatch(long parentPid) {
      super("parent-watch");
      this.parentPid = parentPid;
      setDaemon(true);
    }

    @Override
    public void run() {
      while (true) {
        if (!parentAlive()) {
          exitForParent();
        }
        try {
          Thread.sleep(WATCH_PERIOD_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    /** Returns whether the parent is still this process's parent. */
    boolean parentAlive() {
      if (new File("/proc/self/stat").exists()) {
        return linuxParentPid() == parentPid;
      }
      return ProcessHandle.of(parentPid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Runs the clean-up the child asked for, then halts. */
    void exitForParent() {
      System.err.println("error: parent process " + parentPid + " has gone; exiting");
      try {
        lastWords.run();
      } finally {
        Runtime.getRuntime().halt(PARENT_GONE);
      }
    }

    /** Reads field 4 of /proc/self/stat, the parent's PID; it follows the ")" of the name. */
    private static long linuxParentPid() {
      try (FileInputStream in = new FileInputStream("/proc/self/stat")) {
        String stat = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[1]);
      } catch (IOException | RuntimeException e) {
        return -1;
      }
    }
  }

  private static final class OneLineCrashReport implements Thread.UncaughtExceptionHandler {
    @Override
    public void uncaughtException(Thread thread, Throwable failure) {
      failure.printStackTrace(); // for whoever debugs the child; the parent keeps the last lines
      String message = failure.getMessage();
      System.err.println(
          "error: " + failure.getClass().getSimpleName() + (message == null ? "" : ": " + message));
    }
  }
}
