package dev.chapter20.common.process;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

/**
 * What a file of a child JVM's classes kept on disk depends on, as two hashes for its name: the
 * setup (this JDK, the child's JVM options, the jars' paths) and the contents ({@link
 * JarFingerprint} and size of each jar). A jar rebuilt in place changes the contents half; another
 * JDK or option, the setup half, so that files of the same setup can be found and replaced. Used by
 * {@link JvmLauncher}'s class archive and the process pool's AOT cache.
 *
 * <p>System properties ({@code -D...}) are left out of the setup: they do not change which classes
 * a JVM loads from where, and some differ at every start (a pool worker's socket and token), which
 * would give every child a file of its own.
 *
 * <p><b>Threading:</b> immutable.
 *
 * @param setup the hash of the JDK, the options and the jars' paths, in hexadecimal
 * @param contents the hash of the jars' sizes and fingerprints, in hexadecimal
 */
public record CacheKey(String setup, String contents) {

  /** Returns the key for children started with {@code jvmOptions} and class path {@code jars}. */
  public static CacheKey of(List<String> jvmOptions, List<Path> jars) throws IOException {
    StringBuilder setup = new StringBuilder(System.getProperty("java.home"));
    setup.append('\n').append(Runtime.version());
    for (String option : jvmOptions) {
      if (!option.startsWith("-D")) {
        setup.append('\n').append(option);
      }
    }
    setup.append('\n').append(jars);
    return new CacheKey(hex(setup.toString()), hex(JarFingerprint.ofAll(jars)));
  }

  private static String hex(String text) {
    return HexFormat.of()
        .toHexDigits(JarFingerprint.hash(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8))));
  }
}
