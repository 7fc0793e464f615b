package dev.chapter20.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.chapter20.common.process.ChildRuntime;
import dev.chapter20.common.process.JvmLauncher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Every main class of a module, run as an IDE runs one: no arguments, no parent, standard input
 * left open. Each must either run and exit with 0, or say in one line on standard error what it is
 * and how it is started, and exit with {@value ChildRuntime#NOT_STARTED_BY_PARENT}: never a stack
 * trace, never a wait for input that never comes. Shared by every module's {@code
 * EveryMainByHandTest} (this module's test jar).
 */
public final class MainsByHand {

  private MainsByHand() {}

  /**
   * The classes with a {@code public static void main(String[])} among the compiled classes of the
   * module that holds {@code anyClassOfTheModule}, in name order.
   */
  public static List<Class<?>> mainsOf(Class<?> anyClassOfTheModule) {
    Path classes = classFolderOf(anyClassOfTheModule);
    try (Stream<Path> files = Files.walk(classes)) {
      return files
          .filter(file -> file.toString().endsWith(".class"))
          .map(file -> classes.relativize(file).toString())
          .filter(name -> !name.contains("$") && !name.endsWith("package-info.class"))
          .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
          .sorted()
          .<Class<?>>map(name -> load(name, anyClassOfTheModule.getClassLoader()))
          .filter(MainsByHand::hasMain)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs {@code main} by hand and checks the rule. A main still running after {@code limit} fails
   * the test (it is killed, with every process it started).
   */
  public static void runsOrSaysHowItIsStarted(Class<?> main, Duration limit) throws Exception {
    Path errors = Files.createTempFile("chapter20-main-by-hand-", ".txt");
    Process process = null;
    try {
      process =
          new ProcessBuilder(commandByHand(main))
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(errors.toFile())
              .start(); // standard input stays open, as in an IDE's console
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        fail(main.getName() + " still running after " + limit + " when run with no arguments");
      }
      List<String> said = Files.readAllLines(errors, StandardCharsets.UTF_8);
      int exitCode = process.exitValue();
      assertTrue(said.stream().noneMatch(MainsByHand::isStackTrace), main + ": " + said);
      if (exitCode != 0) {
        assertEquals(ChildRuntime.NOT_STARTED_BY_PARENT, exitCode, main + ": " + said);
        assertEquals(1, said.size(), main + " should say in one line how it is started: " + said);
        assertTrue(said.getFirst().contains(main.getSimpleName()), main + ": " + said);
      }
    } finally {
      if (process != null) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor();
      }
      Files.deleteIfExists(errors);
    }
  }

  /** The launcher's command for {@code main}, without the parent's PID a parent would pass. */
  public static List<String> commandByHand(Class<?> main) {
    return JvmLauncher.forMain(main).command().stream()
        .filter(argument -> !argument.startsWith("-Dchapter20.parent.pid="))
        .toList();
  }

  private static boolean isStackTrace(String line) {
    return line.startsWith("\tat ") || line.startsWith("Exception in thread");
  }

  private static Path classFolderOf(Class<?> type) {
    try {
      Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!Files.isDirectory(location)) {
        throw new IllegalStateException(type + " is not loaded from a class folder: " + location);
      }
      return location;
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Class<?> load(String name, ClassLoader loader) {
    try {
      return Class.forName(name, false, loader);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean hasMain(Class<?> type) {
    try {
      Method main = type.getMethod("main", String[].class);
      return Modifier.isStatic(main.getModifiers()) && main.getReturnType() == void.class;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}
