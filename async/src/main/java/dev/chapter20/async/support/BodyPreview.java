package dev.chapter20.async.support;

import java.util.List;

/** Shortens a fetched body for the console: its first 20 lines, then how much was left out. */
public final class BodyPreview {

  public static final int MAX_LINES = 20;

  private BodyPreview() {}

  /** Returns the body, or its first {@link #MAX_LINES} lines and a line saying what follows. */
  public static String of(String body) {
    List<String> lines = body.lines().toList();
    if (lines.size() <= MAX_LINES) {
      return body.stripTrailing();
    }
    return String.join(System.lineSeparator(), lines.subList(0, MAX_LINES))
        + String.format(
            "%n... (%,d more lines; %,d characters in all)",
            lines.size() - MAX_LINES, body.length());
  }
}
