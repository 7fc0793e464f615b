package dev.chapter20.executors;

import dev.chapter20.common.LineSink;
import dev.chapter20.executors.pool.ProcessPoolExecutor;
import dev.chapter20.executors.pool.map.MapResults;
import dev.chapter20.executors.pool.map.SerializableFunction;
import java.io.Console;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * A live progress bar over a process pool's {@code imapUnordered}, then over a completion service:
 * what Python users get by wrapping {@code as_completed} or {@code imap_unordered} in {@code tqdm}.
 *
 * <p>The bar is drawn by a library made for terminals, <a
 * href="https://github.com/ctongfei/progressbar">progressbar</a>, not by escape codes written here.
 * When the output is not a terminal (a file, a pipe, a test), it gives plain lines instead, a few a
 * second, so a log does not fill with redrawn bars.
 *
 * <p><b>Threading:</b> the caller iterates the results and steps the bar; the library redraws it on
 * a thread of its own, and closing the bar waits for that thread's last line.
 */
public final class ProgressBars {

  private static final int NUMBERS = 200_000;
  private static final int CHUNK = 5_000;
  private static final SerializableFunction<Integer, Boolean> IS_PRIME = Primes::isPrime;
  private static final int LINE_WIDTH = 100;

  static {
    // The library's terminal (JLine) would load a native library through JNI, which JDK 24 and
    // later warn about on standard error; asking "stty" for the terminal's size needs none.
    System.setProperty("org.jline.terminal.jni", "false");
  }

  private ProgressBars() {}

  /** Runs the example: a bar on the terminal if there is one, else lines to {@code out}. */
  public static void run(LineSink out) throws InterruptedException, ExecutionException {
    run(out, isTerminal());
  }

  /** Runs the example; {@code terminal} says whether to draw the bar or print lines. */
  static void run(LineSink out, boolean terminal) throws InterruptedException, ExecutionException {
    long primes = 0;
    try (ProcessPoolExecutor pool =
            ProcessPoolExecutor.builder()
                .workers(2)
                .allowPackages(Primes.class.getPackageName())
                .build();
        MapResults<Integer, Boolean> checked =
            pool.imapUnordered(IS_PRIME, IntStream.range(0, NUMBERS).iterator(), CHUNK);
        ProgressBar bar = bar("imapUnordered", NUMBERS, out, terminal)) {
      while (checked.hasNext()) {
        primes += checked.next() ? 1 : 0;
        bar.step();
      }
    }
    out.println("primes below " + NUMBERS + ": " + primes);

    int ranges = 40;
    long counted = 0;
    try (ExecutorService threads = Executors.newFixedThreadPool(2);
        ProgressBar bar = bar("completion service", ranges, out, terminal)) {
      CompletionService<Long> done = new ExecutorCompletionService<>(threads);
      int width = NUMBERS / ranges;
      for (int from = 0; from < NUMBERS; from += width) {
        int start = from;
        done.submit(() -> Primes.countInRange(start, start + width));
      }
      for (int i = 0; i < ranges; i++) {
        counted += done.take().get();
        bar.step();
      }
    }
    out.println("the same, counted in " + ranges + " ranges on 2 threads: " + counted);
  }

  private static ProgressBar bar(String task, long max, LineSink out, boolean terminal) {
    ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName(task).setInitialMax(max);
    if (!terminal) { // a width of our own: asking for the terminal's would open one
      builder
          .setConsumer(new DelegatingProgressBarConsumer(out::println, LINE_WIDTH))
          .setUpdateIntervalMillis(250);
    }
    return builder.build();
  }

  /**
   * Returns whether this JVM writes to a terminal: JDK 22 and later say so ({@code
   * Console.isTerminal}); before, a console exists only for a terminal.
   */
  private static boolean isTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // JDK 21
    }
  }
}
