package dev.chapter20.common;

/**
 * A destination for lines of text: the console in a main, a recording in a test.
 *
 * <p>The chapter's tasks call Python's {@code print}; ours print to a {@code LineSink} so the same
 * task can run in a demo and be checked by a test.
 *
 * <p><b>Threading:</b> implementations must accept calls from several threads at once and keep each
 * line whole.
 */
@FunctionalInterface
public interface LineSink {

  /** Writes one line. */
  void println(String line);
}
