package dev.chapter20.common.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarFingerprintTest {

  @TempDir Path folder;

  @Test
  void followsTheEntriesNotTheFilesTime() throws IOException {
    Path jar = folder.resolve("a.jar");
    writeJar(jar, "one");
    long original = JarFingerprint.of(jar);

    Files.setLastModifiedTime(jar, FileTime.fromMillis(0));
    assertEquals(original, JarFingerprint.of(jar), "only the time changed");

    writeJar(jar, "two"); // same length, same entry name, other bytes
    assertNotEquals(original, JarFingerprint.of(jar));
    writeJar(jar, "one");
    assertEquals(original, JarFingerprint.of(jar), "the same entries again");
  }

  @Test
  void aFileThatIsNotAZipIsHashedWhole() throws IOException {
    Path notAZip = folder.resolve("b.jar");
    Files.writeString(notAZip, "not a zip");
    long first = JarFingerprint.of(notAZip);
    Files.writeString(notAZip, "not a zap");
    assertNotEquals(first, JarFingerprint.of(notAZip));
  }

  private static void writeJar(Path jar, String text) throws IOException {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      JarEntry entry = new JarEntry("text.txt");
      entry.setTime(0);
      out.putNextEntry(entry);
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
  }
}
