package dev.chapter20.common.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

/**
 * The class path a child JVM needs to find the same classes as this one.
 *
 * <p>Usually that is just {@code java.class.path}. One case needs care: some launchers (surefire
 * with {@code useManifestOnlyJar}, IDEs that shorten long command lines) start the JVM with a
 * single "manifest-only" jar whose {@code Class-Path} attribute lists the real entries. Such a jar
 * often lives in a temporary folder that is deleted when the launcher is done, so this class
 * replaces it with the entries it names, which keeps the child's command line self-contained.
 */
public final class ClassPath {

  private ClassPath() {}

  /**
   * Returns the effective class path of the running JVM, as a {@code -cp} argument, each entry an
   * absolute path: a child may run in another folder, and a class archive records the class path as
   * written, so the same jars must always be written the same way for a child to reuse one.
   */
  public static String ofThisJvm() {
    String classPath = expanded;
    if (classPath == null) { // computed once: the class path of a running JVM does not change
      List<String> entries = new ArrayList<>();
      for (String entry : expand(System.getProperty("java.class.path"))) {
        entries.add(absolute(entry));
      }
      classPath = String.join(File.pathSeparator, entries);
      expanded = classPath;
    }
    return classPath;
  }

  static String absolute(String entry) {
    try {
      return entry.isEmpty() ? entry : Path.of(entry).toAbsolutePath().toString();
    } catch (InvalidPathException e) {
      return entry; // a wildcard entry on Windows ("lib\\*"): left as the JVM was given it
    }
  }

  private static volatile String expanded;

  /**
   * Returns the entries of this JVM's class path, as absolute paths, if every one is a jar file;
   * empty if any is a folder (such as {@code target/classes}) or missing. The JVM archives and
   * caches classes from jars only.
   */
  public static Optional<List<Path>> jarsOfThisJvm() {
    List<Path> jars = new ArrayList<>();
    for (String entry : ofThisJvm().split(File.pathSeparator)) {
      Path jar = Path.of(entry).toAbsolutePath();
      if (!entry.endsWith(".jar") || !Files.isRegularFile(jar)) {
        return Optional.empty();
      }
      jars.add(jar);
    }
    return Optional.of(jars);
  }

  /**
   * Splits {@code classPath} into its entries and replaces a manifest-only jar by the entries its
   * manifest lists, resolved against the jar's folder.
   */
  static List<String> expand(String classPath) {
    List<String> entries = List.of(classPath.split(File.pathSeparator));
    if (entries.size() != 1 || !entries.get(0).endsWith(".jar")) {
      return entries;
    }
    Path jar = Path.of(entries.get(0)).toAbsolutePath();
    List<String> listed = manifestClassPath(jar);
    return listed.isEmpty() ? entries : listed;
  }

  private static List<String> manifestClassPath(Path jar) {
    if (!Files.isRegularFile(jar)) {
      return List.of();
    }
    try {
      Manifest manifest = manifestOf(jar);
      String attribute =
          manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
      if (attribute == null || attribute.isBlank()) {
        return List.of();
      }
      List<String> resolved = new ArrayList<>();
      URI base = jar.getParent().toUri();
      for (String url : attribute.trim().split("\\s+")) {
        resolved.add(Path.of(base.resolve(new URI(url))).toString());
      }
      return resolved;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the manifest of " + jar, e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("bad Class-Path entry in " + jar + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads the manifest of {@code jar} from its first entries, where the {@code jar} tool and Maven
   * write it. {@link JarFile} reads the jar's whole table of contents first, milliseconds in a new
   * JVM for a jar of thousands of classes, on a new pool's way to its first worker (measured:
   * docs/performance.md). A manifest anywhere else is read with {@code JarFile} all the same.
   */
  private static Manifest manifestOf(Path jar) throws IOException {
    try (JarInputStream start = new JarInputStream(Files.newInputStream(jar), false)) {
      Manifest manifest = start.getManifest();
      if (manifest != null) {
        return manifest;
      }
    }
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.getManifest();
    }
  }
}
