package dev.chapter20.multiprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.chapter20.common.process.ChildJvm;
import dev.chapter20.common.process.JvmLauncher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Starts the child main as a learner might, by hand and wrongly: one line, never a stack trace. */
@Timeout(60)
@ExtendWith(NoChildProcessLeft.class)
class SharedCounterChildTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path dir;

  /** What the child printed: its exit code and what it wrote to standard output and error. */
  private record Exit(int code, String stdout, List<String> stderr) {}

  private static Exit run(String... args) throws Exception {
    try (ChildJvm child = JvmLauncher.forMain(SharedCounterChild.class).args(args).start()) {
      child.stdin().close();
      String stdout = new String(child.stdout().readAllBytes(), StandardCharsets.UTF_8);
      int code = child.waitFor(TIMEOUT);
      return new Exit(code, stdout, child.stderrTail());
    }
  }

  @Test
  void withoutArgumentsItSaysWhatItIsInOneLineAndExitsWithTwo() throws Exception {
    Exit exit = run();

    assertEquals(2, exit.code());
    assertEquals(List.of(SharedCounterChild.USAGE), exit.stderr());
    assertTrue(exit.stderr().get(0).startsWith("SharedCounterChild is "), exit.stderr().get(0));
    assertTrue(exit.stderr().get(0).contains("-Dargs=shared-counter"), exit.stderr().get(0));
    assertEquals("", exit.stdout());
  }

  @Test
  void anUnknownModeOrANumberThatIsNotOneGetsTheSameLine() throws Exception {
    for (String[] args :
        List.of(
            new String[] {"sideways", "file", "10"},
            new String[] {"atomic", "file", "many"},
            new String[] {"atomic", "file", "0"})) {
      Exit exit = run(args);

      assertEquals(2, exit.code(), List.of(args).toString());
      assertEquals(List.of(SharedCounterChild.USAGE), exit.stderr());
    }
  }

  @Test
  void aFileInAFolderOtherUsersMayEnterIsRefusedInOneLine() throws Exception {
    assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Path open = Files.createDirectory(dir.resolve("open"));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path file = Files.write(open.resolve("counter.bin"), new byte[SharedCounterFile.SIZE]);

    Exit exit = run("atomic", file.toString(), "10");

    assertEquals(1, exit.code());
    assertEquals(1, exit.stderr().size(), exit.stderr().toString());
    assertTrue(exit.stderr().get(0).startsWith("error: "), exit.stderr().get(0));
    assertTrue(exit.stderr().get(0).contains("mode 755"), exit.stderr().get(0));
    assertEquals("", exit.stdout());
  }
}
