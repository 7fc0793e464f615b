package dev.chapter20.executors.pool.wire;

import java.lang.invoke.SerializedLambda;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Which classes may travel between a process pool and its worker JVMs, checked on both sides: when
 * a task is serialized at {@code submit} (so a task that may not travel is refused there, with a
 * message) and, by a deserialization filter ({@link java.io.ObjectInputFilter}), whenever bytes are
 * turned back into objects.
 *
 * <p>Java serialization can build any serializable class found on the class path, and some of those
 * do harmful things while being built; the filter is the JDK's defence. Allowed are:
 *
 * <ul>
 *   <li>classes of the packages you name, and of their subpackages;
 *   <li>the JDK's value types: the classes of {@code java.lang}, {@code java.util}, {@code
 *       java.math} and {@code java.time} (not their subpackages);
 *   <li>the JDK's exceptions, of any {@code java.} package, so that a task's {@code IOException}
 *       comes back as itself;
 *   <li>serializable lambdas defined in an allowed class;
 *   <li>the few classes the pool itself sends ({@link #with}).
 * </ul>
 *
 * Everything else is refused: a record, an enum or an exception of a library on the class path too.
 * (A refused exception still comes back, as a {@code RemoteTaskException} that carries its type,
 * message and stack as text.) {@link MessageLimits} bound the size of what is allowed.
 *
 * <p><b>Threading:</b> immutable, so thread-safe.
 */
public final class AllowList {

  /** The system property that passes the allowed packages to a worker JVM. */
  public static final String PROPERTY = "chapter20.pool.allowPackages";

  private static final Set<String> JDK_PACKAGES =
      Set.of("java.lang", "java.util", "java.math", "java.time");

  private final List<String> packages;
  private final Set<Class<?>> classes;

  /**
   * Allows the JDK's value types and the classes of {@code packages} and their subpackages.
   *
   * @throws IllegalArgumentException for a blank name: the unnamed package cannot be allowed (a
   *     worker would be told of no package at all), so classes that travel need a package
   */
  public AllowList(List<String> packages) {
    this(checked(packages), Set.of(Reply.class));
  }

  private static List<String> checked(List<String> packages) {
    for (String name : packages) {
      if (name.isBlank() || name.contains(",")) {
        throw new IllegalArgumentException(
            "not a package name: \"" + name + "\" (classes that travel need a named package)");
      }
    }
    return packages;
  }

  private AllowList(List<String> packages, Set<Class<?>> classes) {
    this.packages = List.copyOf(packages);
    this.classes = classes;
  }

  /** Returns a list that also allows exactly these classes: the pool's own messages. */
  public AllowList with(Class<?>... more) {
    Class<?>[] all = Arrays.copyOf(classes.toArray(Class<?>[]::new), classes.size() + more.length);
    System.arraycopy(more, 0, all, classes.size(), more.length);
    return new AllowList(packages, Set.of(all));
  }

  /** Reads the packages a worker was given on its command line. */
  public static AllowList fromSystemProperty() {
    String value = System.getProperty(PROPERTY, "");
    return new AllowList(value.isEmpty() ? List.of() : Arrays.asList(value.split(",")));
  }

  /** Returns the command-line option that gives a worker the same packages. */
  public String asJvmOption() {
    return "-D" + PROPERTY + "=" + String.join(",", packages);
  }

  /** Returns whether objects of {@code type} may travel. */
  public boolean allows(Class<?> type) {
    if (type.isArray()) {
      return allows(type.componentType());
    }
    if (type.isPrimitive() || type == SerializedLambda.class || classes.contains(type)) {
      return true;
    }
    String name = type.getPackageName();
    if (JDK_PACKAGES.contains(name)
        || (name.startsWith("java.") && Throwable.class.isAssignableFrom(type))) {
      return true;
    }
    for (String allowed : packages) { // a loop, not a stream: this runs as a worker starts
      if (name.equals(allowed) || name.startsWith(allowed + ".")) {
        return true;
      }
    }
    return false;
  }

  /** Says what may travel, for error messages. */
  String describe() {
    return "java.lang/util/math/time types, the JDK's exceptions"
        + (packages.isEmpty() ? "" : ", and classes and lambdas of " + packages);
  }
}
