package dev.chapter20.executors.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.chapter20.common.RecordingSink;
import dev.chapter20.common.process.JvmLauncher;
import dev.chapter20.executors.pool.aot.AotCache;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workers' AOT cache: recorded by the first pool, used by the next, and never stale: a jar
 * rebuilt in place, same size and same modification time, with other code in it, gets a cache of
 * its own, which replaces the old one. Each pool runs in a program of its own ({@link AotProbe})
 * with a class path of jars, which the JVM needs for a cache; the test JVM's class path holds
 * folders.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AotCacheTest {

  @TempDir Path folder;

  private Path cache;
  private Path tasks;

  @BeforeEach
  void names() {
    cache = folder.resolve("cache");
    tasks = folder.resolve("tasks.jar");
  }

  @Test
  void aClassPathWithFoldersHasNoCacheAndThePoolStillWorks() throws Exception {
    try (ProcessPoolExecutor pool =
        ProcessPoolExecutor.builder()
            .workers(1)
            .allowPackages(AotAnswer.class.getPackageName())
            .aotCache(cache)
            .build()) {
      assertTrue(pool.aotCacheFile().isEmpty(), "target/classes cannot be cached");
      assertEquals(AotAnswer.ANSWER, pool.submit(new AotAnswer()).get());
    }
  }

  @Test
  void aCacheFolderOthersMayWriteToIsRefusedInOneLineAndThePoolStillWorks() throws Exception {
    Files.createDirectory(cache);
    Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));
    RecordingSink output = new RecordingSink();
    try (ProcessPoolExecutor pool =
        ProcessPoolExecutor.builder()
            .workers(1)
            .allowPackages(AotAnswer.class.getPackageName())
            .output(output)
            .aotCache(cache)
            .build()) {
      assertTrue(pool.aotCacheFile().isEmpty());
      assertEquals(AotAnswer.ANSWER, pool.submit(new AotAnswer()).get());
    }
    List<String> notes = output.texts().stream().filter(line -> line.contains("AOT")).toList();
    assertEquals(1, notes.size(), notes.toString());
    assertTrue(notes.get(0).contains("mode 777"), notes.get(0));
  }

  @Test
  void theFirstPoolRecordsTheNextUsesItAndARebuiltJarGetsItsOwn() throws Exception {
    List<Path> classPath = classPathAnsweringA();

    Map<String, String> first = probe(classPath, cache);
    assertEquals("answer-A", first.get("answer"));
    assertEquals("false", first.get("existed"));
    assertEquals("true", first.get("recorded"));
    assertEquals(List.of(first.get("cache")), filesIn(cache), "the cache, and no temporary file");

    Map<String, String> second = probe(classPath, cache);
    assertEquals("answer-A", second.get("answer"));
    assertEquals(first.get("cache"), second.get("cache"));
    assertEquals("true", second.get("started-from-cache"));

    // Other code, same size, same time: the JVM's own check (size and time) cannot tell.
    long size = Files.size(tasks);
    FileTime time = Files.getLastModifiedTime(tasks);
    writeJar(tasks, AotProbe.class, AotAnswer.class, "answer-B");
    Files.setLastModifiedTime(tasks, time);
    assertEquals(size, Files.size(tasks));

    Map<String, String> rebuilt = probe(classPath, cache);
    assertEquals("answer-B", rebuilt.get("answer"), "a stale cache would answer answer-A");
    assertNotEquals(first.get("cache"), rebuilt.get("cache"));
    assertEquals("true", rebuilt.get("recorded"));
    assertEquals(List.of(rebuilt.get("cache")), filesIn(cache), "the old jar's cache is gone");
  }

  @Test
  void aRecordingWhoseWorkerDiedLeavesNothingBehind() throws Exception {
    List<Path> classPath = classPathAnsweringA();

    Map<String, String> killed = probe(classPath, cache, "kill");
    assertEquals("true", killed.get("recorded"));
    assertEquals(List.of(), filesIn(cache), "no cache and no temporary file");
    assertEquals("true", probe(classPath, cache).get("recorded"), "the next pool records again");
  }

  @Test
  void aCacheTheJvmCannotUseIsReportedInOneLineDeletedAndRecordedAgain() throws Exception {
    List<Path> classPath = classPathAnsweringA();
    Path file = cache.resolve(probe(classPath, cache).get("cache"));
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(channel.size() / 2); // what an interrupted copy leaves
    }

    Map<String, String> damaged = probe(classPath, cache);
    assertEquals("answer-A", damaged.get("answer"), "the worker starts without it");
    assertEquals("true", damaged.get("started-from-cache"));
    // The JVM's own lines say "AOT cache" too: only the pool's one line may be left.
    List<String> notes =
        damaged.get("output").lines().filter(line -> line.contains("AOT cache")).toList();
    assertEquals(1, notes.size(), damaged.get("output"));
    assertTrue(notes.get(0).contains("could not be used"), notes.get(0));
    assertEquals(List.of(), filesIn(cache), "the damaged file is gone");

    assertEquals("true", probe(classPath, cache).get("recorded"), "the next pool records again");
    assertEquals("true", probe(classPath, cache).get("started-from-cache"));
  }

  /**
   * The pool's jars and a {@code tasks.jar} whose {@link AotAnswer} answers {@code answer-A}; skips
   * the test on a JDK without AOT caches.
   */
  private List<Path> classPathAnsweringA() throws IOException, URISyntaxException {
    assumeTrue(Runtime.version().feature() >= AotCache.FIRST_RELEASE, "no AOT cache before 24");
    List<Path> classPath = poolJars();
    classPath.add(tasks);
    writeJar(tasks, AotProbe.class, AotAnswer.class, "answer-A");
    return classPath;
  }

  /**
   * Runs {@link AotProbe} in a JVM of its own and returns what it printed: its {@code key=value}
   * lines, and the whole of it under {@code output}.
   */
  private Map<String, String> probe(List<Path> classPath, Path cache, String... more)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classPath.stream().map(Path::toString).toList()));
    command.add(AotProbe.class.getName());
    command.add(cache.toString());
    command.addAll(List.of(more));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the probe ended");
      assertEquals(0, process.exitValue(), output);
      Map<String, String> values = new HashMap<>();
      values.put("output", output);
      for (String line : output.split("\n")) {
        int equals = line.indexOf('=');
        if (equals > 0) {
          values.put(line.substring(0, equals), line.substring(equals + 1));
        }
      }
      return values;
    } finally {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  /**
   * The pool's own classes (this module's and common's) as jars, as a packaged program has them.
   */
  private List<Path> poolJars() throws IOException, URISyntaxException {
    List<Path> jars = new ArrayList<>();
    for (Class<?> type : List.of(JvmLauncher.class, WorkerMain.class)) {
      Path classes = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path jar = folder.resolve(type.getSimpleName() + ".jar");
      if (Files.isDirectory(classes)) {
        writeFolderJar(jar, classes);
      } else {
        Files.copy(classes, jar);
      }
      jars.add(jar);
    }
    return jars;
  }

  private static List<String> filesIn(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(file -> file.getFileName().toString()).sorted().toList();
    }
  }

  private static void writeFolderJar(Path jar, Path classes) throws IOException {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = classes.relativize(file).toString().replace('\\', '/');
        putStored(out, name, Files.readAllBytes(file));
      }
    }
  }

  /**
   * Writes a jar of the two classes, with {@link AotAnswer#ANSWER} replaced in the class file by
   * {@code answer}, a text of the same length: the same size of jar, other code. Entries are stored
   * uncompressed, so the size cannot change with the compression.
   */
  private static void writeJar(Path jar, Class<?> main, Class<?> task, String answer)
      throws IOException {
    byte[] from = AotAnswer.ANSWER.getBytes(StandardCharsets.UTF_8);
    byte[] to = answer.getBytes(StandardCharsets.UTF_8);
    assertEquals(from.length, to.length);
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (Class<?> type : List.of(main, task)) {
        String name = type.getName().replace('.', '/') + ".class";
        byte[] bytes;
        try (InputStream in = type.getClassLoader().getResourceAsStream(name)) {
          bytes = in.readAllBytes();
        }
        putStored(out, name, type == task ? replaced(bytes, from, to) : bytes);
      }
    }
  }

  private static byte[] replaced(byte[] bytes, byte[] from, byte[] to) {
    byte[] copy = bytes.clone();
    int found = 0;
    for (int i = 0; i + from.length <= copy.length; i++) {
      if (Arrays.equals(copy, i, i + from.length, from, 0, from.length)) {
        System.arraycopy(to, 0, copy, i, to.length);
        found++;
      }
    }
    assertTrue(found > 0, "the answer is in the class file");
    return copy;
  }

  private static void putStored(JarOutputStream out, String name, byte[] bytes) throws IOException {
    JarEntry entry = new JarEntry(name);
    entry.setMethod(JarEntry.STORED);
    entry.setSize(bytes.length);
    CRC32 crc = new CRC32();
    crc.update(bytes);
    entry.setCrc(crc.getValue());
    entry.setTime(0);
    out.putNextEntry(entry);
    out.write(bytes);
    out.closeEntry();
  }
}
