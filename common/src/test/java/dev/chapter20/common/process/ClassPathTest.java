package dev.chapter20.common.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A child's class path names every jar by its absolute path, whatever folder it runs in. */
class ClassPathTest {

  @Test
  void aRelativeEntryBecomesAbsolute() {
    assertEquals(
        Path.of("").toAbsolutePath().resolve("target/classes").toString(),
        ClassPath.absolute("target/classes"));
  }

  @Test
  void everyEntryOfThisJvmsClassPathIsAbsolute() {
    for (String entry : ClassPath.ofThisJvm().split(File.pathSeparator)) {
      assertTrue(Path.of(entry).isAbsolute(), entry);
    }
  }
}
