package dev.chapter20.executors.pool;

import java.lang.invoke.SerializedLambda;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Which classes may travel between a {@link ProcessPoolExecutor} and its worker JVMs, checked on
 * both sides: when a task is serialized at {@code submit} (so a task that may not travel is refused
 * there, with a message) and, by a deserialization filter ({@link java.io.ObjectInputFilter}),
 * whenever bytes are turned back into objects.
 *
 * <p>Java serialization can build any serializable class found on the class path, and some of those
 * do harmful things while being built; the filter is the JDK's defence. Allowed are: records (built
 * only through their canonical constructor), enums, exceptions (they carry a task's failure back),
 * serializable lambdas, the value types and collections of {@code java.lang}, {@code java.util},
 * {@code java.math} and {@code java.time}, and classes in the packages you name. Everything else is
 * refused. {@link MessageLimits} bound the size of what is allowed.
 *
 * <p><b>Threading:</b> immutable, so thread-safe.
 */
public final class AllowList {

  /** The system property that passes the allowed packages to a worker JVM. */
  static final String PROPERTY = "chapter20.pool.allowPackages";

  private static final Set<String> JDK_PACKAGES =
      Set.of("java.lang", "java.util", "java.math", "java.time");

  private final List<String> packages;

  /** Allows the default classes and those in {@code packages} and their subpackages. */
  public AllowList(List<String> packages) {
    this.packages = List.copyOf(packages);
  }

  /** Reads the packages a worker was given on its command line. */
  static AllowList fromSystemProperty() {
    String value = System.getProperty(PROPERTY, "");
    return new AllowList(value.isEmpty() ? List.of() : Arrays.asList(value.split(",")));
  }

  /** Returns the command-line option that gives a worker the same list. */
  String asJvmOption() {
    return "-D" + PROPERTY + "=" + String.join(",", packages);
  }

  /** Returns whether objects of {@code type} may travel. */
  public boolean allows(Class<?> type) {
    if (type.isArray()) {
      return allows(type.componentType());
    }
    if (type.isPrimitive()
        || type.isRecord()
        || type.isEnum()
        || Throwable.class.isAssignableFrom(type)
        || type == SerializedLambda.class
        || type == MapChunk.class) { // the pool's own task for map
      return true;
    }
    String name = type.getPackageName();
    if (JDK_PACKAGES.contains(name)) {
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
    return "records, enums, exceptions, serializable lambdas, java.lang/util/math/time types"
        + (packages.isEmpty() ? "" : ", and classes in " + packages);
  }
}
