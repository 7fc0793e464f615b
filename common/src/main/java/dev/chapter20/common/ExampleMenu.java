package dev.chapter20.common;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The command line every module's main shares: run the quick examples of a section in order, or one
 * by name, or every one, or list them.
 *
 * <pre>
 *   (no arguments)       the quick examples, each under a header: a few seconds in all
 *   all                  every example, the measuring ones too
 *   &lt;name&gt; [args...]     one example, with its own arguments
 *   --help               the list of examples, quick ones first
 * </pre>
 *
 * <p>A measuring example (made with {@link Example#measuring()}) times something and may take many
 * seconds, so it runs only when named, or with {@code all}.
 *
 * <p>Exit codes: 0 when everything ran, 1 when an example failed, 2 for a usage error (unknown
 * name, bad argument). Errors are one line on standard error, an {@link Error} too (such as the
 * {@link NoClassDefFoundError} of a stale build); a learner never sees a stack trace.
 *
 * <p><b>Threading:</b> immutable, so a {@code static} menu may be shared. It runs the examples on
 * the calling thread, one after another; each example starts and ends its own threads.
 */
public final class ExampleMenu {

  /** The body of an example: prints to {@code out}, reads its optional {@code args}. */
  @FunctionalInterface
  public interface Body {
    void run(PrintStream out, List<String> args) throws Exception;
  }

  /** The word that runs every example, the measuring ones too. */
  public static final String ALL = "all";

  /**
   * A named example, the chapter section it mirrors, a one-line description, the arguments it
   * accepts ({@code usage}, empty when it takes none), and whether it is a measurement that runs
   * only when asked for.
   */
  public record Example(
      String name, String section, String title, String usage, boolean measures, Body body) {

    /** Creates a quick example that takes arguments. */
    public Example(String name, String section, String title, String usage, Body body) {
      this(name, section, title, usage, false, body);
    }

    /** Creates a quick example that takes no arguments. */
    public Example(String name, String section, String title, Body body) {
      this(name, section, title, "", false, body);
    }

    /** Returns this example marked as a measurement: it runs when named, or with {@code all}. */
    public Example measuring() {
      return new Example(name, section, title, usage, true, body);
    }
  }

  /** Thrown by an example for a bad argument; the menu prints its message and exits with 2. */
  public static final class UsageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
      super(message);
    }
  }

  private final String command;
  private final List<Example> examples;

  /**
   * Creates a menu.
   *
   * @param command how the learner runs it, shown in the help text
   * @param examples the examples, in the order the chapter teaches them
   */
  public ExampleMenu(String command, List<Example> examples) {
    this.command = command;
    this.examples = List.copyOf(examples);
    if (this.examples.stream().anyMatch(e -> e.name().equals(ALL))) {
      throw new IllegalArgumentException("'" + ALL + "' is the menu's own word, not an example");
    }
  }

  /** Runs the menu with the process's streams and exits the JVM with a non-zero code on failure. */
  public void runAndExit(String[] args) {
    int exitCode = run(List.of(args), System.out, System.err);
    System.out.flush();
    if (exitCode != 0) {
      System.exit(exitCode);
    }
  }

  /** What a run printed on each stream, and its exit code. */
  public record Captured(int exitCode, String out, String err) {

    /** Returns what was printed on standard error, line by line. */
    public List<String> errLines() {
      return err.lines().toList();
    }
  }

  /** Runs the menu in this JVM with {@code args}, capturing what it prints: for tests. */
  public Captured runCaptured(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exitCode =
        run(
            List.of(args),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Captured(
        exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Runs the menu and returns its exit code; the testable half of {@link #runAndExit}. */
  public int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.isEmpty() || args.equals(List.of(ALL))) {
      boolean everything = !args.isEmpty();
      for (Example example : examples) {
        if (example.measures() && !everything) {
          continue;
        }
        int exitCode = runOne(example, List.of(), out, err);
        if (exitCode != 0) {
          return exitCode;
        }
      }
      if (!everything && examples.stream().anyMatch(Example::measures)) {
        out.printf("%nMeasurements run when named, or all of them with '%s': see --help.%n", ALL);
      }
      return 0;
    }
    String name = args.get(0);
    if (name.equals("--help") || name.equals("-h")) {
      printHelp(out);
      return 0;
    }
    Optional<Example> example = examples.stream().filter(e -> e.name().equals(name)).findFirst();
    if (example.isEmpty()) {
      err.println("error: unknown example '" + name + "'");
      printHelp(err);
      return 2;
    }
    return runOne(example.get(), args.subList(1, args.size()), out, err);
  }

  private int runOne(Example example, List<String> args, PrintStream out, PrintStream err) {
    if (example.usage().isEmpty() && !args.isEmpty()) {
      err.println("error: " + example.name() + " takes no arguments, got " + args);
      return 2;
    }
    out.printf("%n== %s %s: %s ==%n", example.section(), example.name(), example.title());
    try {
      example.body().run(out, args);
      return 0;
    } catch (UsageException e) {
      err.println("error: " + example.name() + ": " + e.getMessage());
      return 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("error: " + example.name() + " was interrupted");
      return 1;
    } catch (Exception e) {
      err.println("error: " + example.name() + " failed: " + oneLine(e));
      return 1;
    } catch (LinkageError e) {
      // NoClassDefFoundError and friends: most often classes compiled at different times.
      err.println(
          "error: "
              + example.name()
              + " failed: "
              + e
              + " (classes from an older build? rebuild with: ./mvnw clean compile)");
      return 1;
    } catch (Error e) {
      // Any other Error ends the example too: one line, not a stack trace.
      err.println("error: " + example.name() + " failed: " + e);
      return 1;
    }
  }

  private void printHelp(PrintStream out) {
    out.println("usage: " + command + " [-Dargs=\"<example> [args...]\" | -Dargs=" + ALL + "]");
    out.println("with no example, runs the quick ones in order; '" + ALL + "' runs every one.");
    out.println("Quick examples:");
    printList(out, false);
    if (examples.stream().anyMatch(Example::measures)) {
      out.println("Measurements (seconds each; run when named, or with '" + ALL + "'):");
      printList(out, true);
    }
  }

  private void printList(PrintStream out, boolean measuring) {
    for (Example example : examples) {
      if (example.measures() != measuring) {
        continue;
      }
      out.printf("  %-18s %-7s %s%n", example.name(), example.section(), example.title());
      if (!example.usage().isEmpty()) {
        out.printf("  %-18s %-7s arguments: %s%n", "", "", example.usage());
      }
    }
  }

  /** Describes an exception in one line: its message, or its type when it has none. */
  public static String oneLine(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
