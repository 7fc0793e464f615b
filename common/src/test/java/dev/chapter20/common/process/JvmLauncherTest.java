package dev.chapter20.common.process;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.common.RecordingSink;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class JvmLauncherTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** Whatever a test did, no process it started may still run. */
  @AfterEach
  void noChildProcessIsLeftRunning() {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive));
  }

  @Test
  void childRunsInAnotherProcessAndItsOutputComesBack() throws Exception {
    RecordingSink sink = new RecordingSink();
    try (ChildJvm child = JvmLauncher.forMain(Hello.class).name("hello").start()) {
      child.relayStdout(sink);
      child.waitForSuccess(TIMEOUT);

      assertNotEquals(ProcessHandle.current().pid(), child.pid());
      assertEquals(List.of("hello"), sink.textsFrom("hello-stdout"));
    }
  }

  @Test
  void textCrossesTheBoundaryAsUtf8EvenWhenTheChildDefaultsToAscii() throws Exception {
    String text = "안녕하세요 straße 😀 ǆ";
    try (ChildJvm child =
        JvmLauncher.forMain(CountChars.class)
            .jvmOptions("-Dfile.encoding=US-ASCII", "-Dsun.jnu.encoding=US-ASCII")
            .start()) {
      FrameWriter requests = new FrameWriter(child.stdin());
      FrameReader replies = new FrameReader(child.stdout());
      requests.write(text);
      requests.writeEnd();

      assertEquals(text + " has 16 characters", replies.readText());
      child.waitForSuccess(TIMEOUT);
    }
  }

  @Test
  void aFailingChildIsReportedWithItsPidExitCodeAndLastErrorLine() throws Exception {
    try (ChildJvm child = JvmLauncher.forMain(Crasher.class).name("crasher").start()) {
      ChildJvmException failure =
          assertThrows(ChildJvmException.class, () -> child.waitForSuccess(TIMEOUT));

      assertEquals(
          "crasher (pid "
              + child.pid()
              + ") exited with code 1:"
              + " error: IllegalStateException: boom in the child",
          failure.getMessage());
      assertEquals(child.pid(), failure.pid());
      assertEquals(1, failure.exitCode());
      assertTrue(failure.stderrTail().stream().anyMatch(l -> l.contains("at ")), "stack trace");
    }
  }

  @Test
  void aChildThatOverrunsItsTimeoutIsDestroyed() throws Exception {
    try (ChildJvm child = JvmLauncher.forMain(Sleeper.class).name("sleeper").start()) {
      assertEquals("sleeping", readLine(child));

      ChildJvmException failure =
          assertThrows(ChildJvmException.class, () -> child.waitFor(Duration.ofMillis(200)));

      assertEquals(ChildJvmException.TIMED_OUT, failure.exitCode());
      assertTrue(failure.getMessage().contains("did not finish within"), failure.getMessage());
      assertFalse(child.isAlive());
    }
  }

  @Test
  void closeDestroysAChildThatIsStillRunning() throws Exception {
    ChildJvm child = JvmLauncher.forMain(Sleeper.class).start();
    assertEquals("sleeping", readLine(child));

    child.close();

    assertFalse(child.isAlive());
  }

  @Test
  void aChildExitsOnItsOwnWhenItsParentIsKilled() throws Exception {
    ChildJvm parent = JvmLauncher.forMain(LaunchingParent.class).args("hang").start();
    long grandchild = childPidPrintedBy(parent);
    assertTrue(isAlive(grandchild));

    parent.close(); // kill -9: the parent runs no code, so only the child's watch can help

    await().atMost(Duration.ofSeconds(10)).until(() -> !isAlive(grandchild));
  }

  @Test
  void aParentThatExitsNormallyDestroysItsChildren() throws Exception {
    try (ChildJvm parent = JvmLauncher.forMain(LaunchingParent.class).args("exit").start()) {
      long grandchild = childPidPrintedBy(parent); // a child that does not watch its parent

      parent.waitForSuccess(TIMEOUT);

      await().atMost(Duration.ofSeconds(10)).until(() -> !isAlive(grandchild));
    }
  }

  @Test
  void aParentStartedFromAManifestOnlyJarGivesItsChildTheRealClassPath(@TempDir Path dir)
      throws Exception {
    // What surefire and some IDEs do: a jar whose manifest lists the real class path.
    Path jar = dir.resolve("booter with space.jar");
    writeManifestOnlyJar(jar, System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process parent =
        new ProcessBuilder(java, "-cp", jar.toString(), LaunchingParent.class.getName(), "hello")
            .redirectErrorStream(true)
            .start();
    try {
      String output = new String(parent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertEquals(0, parent.waitFor(), output);
      assertTrue(output.lines().anyMatch(line -> line.equals("hello")), output);
    } finally {
      parent.destroyForcibly();
    }
  }

  @Test
  void theManifestOnlyJarIsReplacedByTheEntriesItNames(@TempDir Path dir) throws IOException {
    Path classes = Files.createDirectories(dir.resolve("my classes"));
    Path lib = Files.createFile(dir.resolve("lib.jar"));
    Path jar = dir.resolve("booter.jar");
    writeManifestOnlyJar(jar, classes + File.pathSeparator + lib);

    assertEquals(List.of(classes.toString(), lib.toString()), ClassPath.expand(jar.toString()));
    assertEquals(List.of("a", "b.jar"), ClassPath.expand("a" + File.pathSeparator + "b.jar"));
  }

  @Test
  void aManifestAfterOtherEntriesIsReadAllTheSame(@TempDir Path dir) throws IOException {
    // ClassPath reads the first entries only, where jar tools write the manifest; not every zip
    // tool does.
    Path classes = Files.createDirectories(dir.resolve("classes"));
    Path jar = dir.resolve("late-manifest.jar");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new ZipEntry("Task.class"));
      out.write(new byte[] {1, 2, 3});
      out.putNextEntry(new ZipEntry(JarFile.MANIFEST_NAME));
      manifestListing(classes.toString()).write(out);
      out.closeEntry();
    }

    assertEquals(List.of(classes.toString()), ClassPath.expand(jar.toString()));
  }

  @Test
  void theClassArchiveIsNamedAfterOptionsAndJarContentsButNotSystemProperties(@TempDir Path dir)
      throws IOException {
    Path jar = dir.resolve("tasks.jar");
    writeJarWithOneEntry(jar, "one");
    List<Path> jars = List.of(jar);
    String name = JvmLauncher.archiveName(List.of("-XX:+UseSerialGC", "-Dtoken=1"), jars);

    // A pool's workers differ only in system properties (socket, token): one archive serves all.
    assertEquals(name, JvmLauncher.archiveName(List.of("-XX:+UseSerialGC", "-Dtoken=2"), jars));
    assertNotEquals(name, JvmLauncher.archiveName(List.of("-XX:+UseParallelGC"), jars));

    // Rebuilt in place with other contents, at the same size and time: a new archive.
    FileTime time = Files.getLastModifiedTime(jar);
    long size = Files.size(jar);
    writeJarWithOneEntry(jar, "two");
    Files.setLastModifiedTime(jar, time);
    assertEquals(size, Files.size(jar));
    assertNotEquals(name, JvmLauncher.archiveName(List.of("-XX:+UseSerialGC"), jars));
  }

  private static void writeJarWithOneEntry(Path jar, String contents) throws IOException {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      JarEntry entry = new JarEntry("Task.class");
      entry.setTime(0); // the same time in both versions: only the contents differ
      out.putNextEntry(entry);
      out.write(contents.getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
  }

  private static void writeManifestOnlyJar(Path jar, String classPath) throws IOException {
    // the manifest is all
    new JarOutputStream(Files.newOutputStream(jar), manifestListing(classPath)).close();
  }

  private static Manifest manifestListing(String classPath) {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest
        .getMainAttributes()
        .put(
            Attributes.Name.CLASS_PATH,
            Arrays.stream(classPath.split(File.pathSeparator))
                .map(entry -> Path.of(entry).toUri().toString())
                .collect(Collectors.joining(" ")));
    return manifest;
  }

  private static String readLine(ChildJvm child) throws IOException {
    return new BufferedReader(new InputStreamReader(child.stdout(), StandardCharsets.UTF_8))
        .readLine();
  }

  private static long childPidPrintedBy(ChildJvm parent) throws IOException {
    String line = readLine(parent);
    assertTrue(line != null && line.startsWith("child pid "), "parent printed " + line);
    return Long.parseLong(line.substring("child pid ".length()));
  }

  private static boolean isAlive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
