package dev.chapter20.async.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * How much memory the process uses: the Java heap in use now and, where Linux says, the highest
 * resident set size since the last {@link #resetPeak()}.
 *
 * <p>The resident set size ({@code VmRSS}, {@code VmHWM} in {@code /proc/self/status}) is what the
 * process holds in RAM: heap, thread stacks, code, everything; it is the figure to set beside
 * Python's. Its peak is used rather than its value at one moment because the JVM can hand free heap
 * back to the OS in the middle of a run, which would hide what the run added. The heap figure
 * counts Java objects, garbage included until the next collection. A waiting virtual thread's stack
 * is such an object; a platform thread's stack is native memory that only the RSS sees.
 *
 * @param heapBytes the heap in use: {@code totalMemory() - freeMemory()}
 * @param rssBytes the peak resident set size, empty where {@code /proc/self/status} cannot be read
 * @see Runtime#totalMemory()
 */
public record MemoryUse(long heapBytes, OptionalLong rssBytes) {

  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

  /** Reads the heap in use and the peak resident set size. */
  public static MemoryUse now() {
    Runtime runtime = Runtime.getRuntime();
    return new MemoryUse(runtime.totalMemory() - runtime.freeMemory(), peakResidentSetSize());
  }

  /** Starts a new peak at the current resident set size; does nothing where Linux's is missing. */
  public static void resetPeak() {
    try {
      Files.writeString(CLEAR_REFS, "5"); // 5: reset VmHWM, see proc(5)
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      // Not Linux: peakResidentSetSize() reports nothing either.
    }
  }

  /** Returns how much each figure grew since {@code earlier} (negative when it shrank). */
  public MemoryUse minus(MemoryUse earlier) {
    OptionalLong rss =
        rssBytes.isPresent() && earlier.rssBytes.isPresent()
            ? OptionalLong.of(rssBytes.getAsLong() - earlier.rssBytes.getAsLong())
            : OptionalLong.empty();
    return new MemoryUse(heapBytes - earlier.heapBytes, rss);
  }

  /** Formats a byte count as signed mebibytes: {@code +12.3 MiB}. */
  public static String mib(long bytes) {
    return String.format(Locale.ROOT, "%+.1f MiB", bytes / (1024.0 * 1024.0));
  }

  private static OptionalLong peakResidentSetSize() {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith("VmHWM:")) { // "VmHWM:    123456 kB"
          return OptionalLong.of(Long.parseLong(line.replaceAll("\\D", "")) * 1024);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Not Linux, or a /proc this code does not understand: the heap figure stands alone.
    }
    return OptionalLong.empty();
  }
}
