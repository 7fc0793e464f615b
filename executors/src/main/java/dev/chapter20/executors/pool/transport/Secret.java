package dev.chapter20.executors.pool.transport;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The secret that lets a worker JVM and its pool recognise each other: 64 random bytes, made for
 * one worker JVM and one connection, given to the worker on its standard input (never on its
 * command line, which every user of the machine can read). The worker proves itself by showing the
 * first half; only then does the pool prove itself by showing the second.
 *
 * <p>Why halves and not an HMAC challenge in each direction, as Python's {@code multiprocessing}
 * does: Python keeps one key for the life of a program, so it must never show it. Each secret here
 * serves one connection and is then thrown away, so showing a half proves as much as answering a
 * challenge would, and the first use of {@code javax.crypto.Mac} costs a new JVM 35 to 45 ms
 * (measured on the 2-core VM), as long again as the JVM takes to start.
 *
 * <p><b>Threading:</b> stateless.
 */
final class Secret {

  /** The secret's length; each half is half of it. */
  static final int BYTES = 64;

  private Secret() {}

  /**
   * Returns new random bytes from the operating system's source: {@code /dev/urandom}, which costs
   * about 50 us in a new JVM, or {@link SecureRandom} where there is none (its first use costs tens
   * of milliseconds).
   */
  static byte[] random(int length) {
    byte[] bytes = new byte[length];
    try (InputStream urandom = new FileInputStream("/dev/urandom")) {
      if (urandom.readNBytes(bytes, 0, length) == length) {
        return bytes;
      }
    } catch (IOException e) {
      // no /dev/urandom (Windows): the JDK's own source below
    }
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }

  /** The half a worker shows first. */
  static byte[] workerHalf(byte[] secret) {
    return Arrays.copyOfRange(secret, 0, BYTES / 2);
  }

  /** The half the pool shows once the worker has shown its own. */
  static byte[] poolHalf(byte[] secret) {
    return Arrays.copyOfRange(secret, BYTES / 2, BYTES);
  }

  /** Compares in a time that does not depend on where the two differ. */
  static boolean matches(byte[] expected, byte[] shown) {
    return shown != null && MessageDigest.isEqual(expected, shown);
  }
}
