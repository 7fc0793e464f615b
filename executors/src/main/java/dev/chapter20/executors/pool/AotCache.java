package dev.chapter20.executors.pool;

import dev.chapter20.common.LineSink;
import dev.chapter20.common.process.CacheKey;
import dev.chapter20.common.process.ChildJvm;
import dev.chapter20.common.process.ClassPath;
import dev.chapter20.common.process.JarFingerprint;
import dev.chapter20.common.process.JvmLauncher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The workers' ahead-of-time cache (JDK 24 and later, JEPs 483 and 515): the classes a worker JVM
 * loads and links, the method handles it builds and the profiles it gathers, recorded by one worker
 * and mapped by every later one, so that a new worker answers its first task sooner. Python's
 * nearest counterpart is {@code __pycache__}: what an earlier run compiled, kept on disk and
 * checked against its source.
 *
 * <p><b>One file per JDK, worker options and class contents.</b> The JVM itself checks a cache
 * against each jar's size and modification time only, so a jar rebuilt in place with the same size
 * within the same second would be served stale classes. The file name here is a {@link CacheKey}:
 * hashes of the JDK, the options and each jar's contents ({@link JarFingerprint}). A changed class
 * gives a new name, so a stale cache is never used ({@code AotCacheTest} rebuilds a jar to the same
 * size and time and checks that its new code answers; keyed by size and time, the old class
 * answered).
 *
 * <p><b>How it is made.</b> When there is no file yet, the first worker that starts records (JDK's
 * {@code -XX:AOTMode=record}); when it is asked to stop, it writes what it recorded as it exits,
 * and this class runs one more JVM ({@code -XX:AOTMode=create}) that turns that into the cache,
 * under a temporary name that is then renamed. So the first pool's {@code close()} takes about a
 * second longer, once. A recording that did not end normally (the worker died, {@code shutdownNow})
 * is thrown away.
 *
 * <p>A new cache replaces those of the same workers (same JDK, options and jar paths) made from
 * older jars. A cache file the JVM cannot use (truncated, overwritten) is not ignored in silence:
 * the workers started from it say so on standard error, the pool prints one line about it and
 * deletes it, and the next worker to start records a new one.
 *
 * <p>Only for a class path of jars: the JVM refuses to cache classes from folders such as {@code
 * target/classes}. {@link #of} returns nothing then, or on a JDK before 24, and workers start as
 * they would without a cache.
 *
 * <p><b>Threading:</b> shared by the pool's workers: {@link #nextStart} may be called from any
 * worker's thread, and the sinks of {@link #sinkFor} from any worker's relay threads (the first
 * complaint discards the file, once); one recording per file at a time in this JVM ({@code
 * RECORDING}). The JVM that creates the cache runs on the calling thread, which waits for it.
 */
final class AotCache {

  /** The first JDK with {@code -XX:AOTMode=record} and {@code create}. */
  static final int FIRST_RELEASE = 24;

  /** How long making the cache from a recording may take; it takes about a second. */
  private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(60);

  /** The files some worker of this JVM is recording: at most one recording per file. */
  private static final Set<Path> RECORDING = ConcurrentHashMap.newKeySet();

  /**
   * The JVM's log tag for its AOT cache: JDK 25 added {@code aot}; JDK 24 logs it as {@code cds}.
   * Its warnings are what a worker says when it cannot use the cache.
   */
  private static final String LOG_TAG = Runtime.version().feature() >= 25 ? "aot" : "cds";

  private final Path file;
  private final String setupPrefix; // the file names of every cache of these workers start so
  private final List<String> workerOptions;
  private final AtomicBoolean discarded = new AtomicBoolean(); // the file, by a worker's complaint

  /** How the next worker JVM starts: with these extra options; {@code recording} says why. */
  record Start(List<String> options, Path recording) {
    boolean records() {
      return recording != null;
    }

    boolean fromCache() {
      return recording == null && !options.isEmpty();
    }
  }

  private AotCache(Path file, String setupPrefix, List<String> workerOptions) {
    this.file = file;
    this.setupPrefix = setupPrefix;
    this.workerOptions = List.copyOf(workerOptions);
  }

  /**
   * Returns the cache for workers started with {@code workerOptions} from this JVM's class path, in
   * {@code folder}; empty on a JDK before 24, or when the class path holds anything but jars.
   *
   * @throws UncheckedIOException if the folder cannot be made or a jar cannot be read
   */
  static Optional<AotCache> of(Path folder, List<String> workerOptions) {
    if (Runtime.version().feature() < FIRST_RELEASE) {
      return Optional.empty();
    }
    Optional<List<Path>> jars = ClassPath.jarsOfThisJvm();
    if (jars.isEmpty()) {
      return Optional.empty();
    }
    try {
      CacheKey key = CacheKey.of(workerOptions, jars.get());
      Files.createDirectories(folder);
      String prefix = "worker-" + key.setup() + "-"; // the caches of these workers, for any jars
      Path file = folder.resolve(prefix + key.contents() + ".aot");
      return Optional.of(new AotCache(file, prefix, workerOptions));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use the AOT cache folder " + folder, e);
    }
  }

  /** The cache's file, whether or not it exists yet. */
  Path file() {
    return file;
  }

  /**
   * Says how the next worker JVM starts: from the cache if it is there; recording one if not, and
   * if no other worker of this JVM is recording it; otherwise as it would without a cache.
   */
  Start nextStart() {
    if (Files.isRegularFile(file)) {
      // The launcher turns the JVM's notes about caches off; its warnings are wanted here.
      return new Start(
          List.of("-XX:AOTCache=" + file, "-Xlog:" + LOG_TAG + "=warning:stderr"), null);
    }
    if (!RECORDING.add(file)) {
      return new Start(List.of(), null);
    }
    Path recording = temporary(".aotconf");
    return new Start(List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + recording), recording);
  }

  /**
   * Returns where the output of a worker started as {@code start} goes: to {@code output}, less
   * what its JVM says about the cache. A recording JVM's note of where it wrote its recording is
   * dropped. A JVM that cannot use the cache says so in a few lines; the first such line deletes
   * the file, so that the next worker to start records a new one, and the user gets one line of the
   * pool's instead.
   */
  LineSink sinkFor(Start start, LineSink output) {
    if (start.records()) {
      return line -> {
        if (!line.strip().startsWith("AOTConfiguration recorded")) {
          output.println(line);
        }
      };
    }
    if (start.fromCache()) {
      return line -> {
        String complaint = complaint(line);
        if (complaint == null) {
          output.println(line);
        } else {
          discard(complaint).ifPresent(output::println);
        }
      };
    }
    return output;
  }

  /**
   * Returns what the JVM says is wrong with its AOT cache, if {@code line} of a worker's standard
   * error is such a warning or error ({@code [0.007s][warning][aot] The AOT cache has been
   * truncated.}); otherwise null.
   */
  private static String complaint(String line) {
    String tag = "][" + LOG_TAG + "] ";
    int at = line.indexOf(tag);
    if (!line.startsWith("[") || at < 0) {
      return null;
    }
    String level = line.substring(0, at);
    return level.contains("[warning") || level.contains("[error")
        ? line.substring(at + tag.length()).strip()
        : null;
  }

  /**
   * Deletes the cache file, which a worker could not use ({@code why}), so that the next worker to
   * start records a new one; returns the line to tell the user, the first time only (each worker
   * says it in a few lines).
   */
  private Optional<String> discard(String why) {
    if (!discarded.compareAndSet(false, true)) {
      return Optional.empty();
    }
    deleteQuietly(file);
    return Optional.of(
        "the workers' AOT cache "
            + file
            + " could not be used ("
            + why
            + "); it was deleted, and a new one will be recorded");
  }

  /**
   * Ends a recording whose JVM exited normally: starts the JVM that makes the cache from it and
   * waits for that JVM; {@code creator} receives it first, so that it can be destroyed if the pool
   * stops now. Never throws: without a cache, workers just start slower. Returns why no cache was
   * made, or null.
   */
  String finish(Start start, Consumer<ChildJvm> creator) {
    Path recording = start.recording();
    Path made = temporary(".aot");
    try {
      if (!Files.isRegularFile(recording)) {
        return "the recording worker wrote no recording";
      }
      List<String> options = new ArrayList<>(workerOptions);
      options.add("-XX:AOTMode=create");
      options.add("-XX:AOTConfiguration=" + recording);
      options.add("-XX:AOTCache=" + made);
      // The main class is given but never runs: the JVM exits once the cache is written.
      ChildJvm child =
          JvmLauncher.forMain(WorkerMain.class)
              .name("aot-cache")
              .longRunning()
              .jvmOptions(options.toArray(String[]::new))
              .start();
      creator.accept(child);
      child.relayStdout(line -> {}); // two lines saying what it wrote; errors go to stderr
      try (child) {
        int code = child.waitFor(CREATE_TIMEOUT);
        if (code != 0) {
          return "making the AOT cache failed (exit code "
              + code
              + "): "
              + child.lastStderrLines(3);
        }
      }
      Files.move(made, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      deleteOlderCaches();
      return null;
    } catch (IOException e) { // a ChildJvmException too: it did not finish in time
      return "making the AOT cache failed: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while making the AOT cache";
    } finally {
      deleteQuietly(recording);
      deleteQuietly(made);
      RECORDING.remove(file);
    }
  }

  /**
   * Deletes the caches of the same workers made from jars that have changed since: each is about as
   * large as the JDK's own class archive, and no worker of these jars can use it again. A JVM that
   * still maps one keeps its mapping (on Linux and macOS); where the file cannot be deleted, it
   * stays.
   */
  private void deleteOlderCaches() {
    try (DirectoryStream<Path> caches =
        Files.newDirectoryStream(file.getParent(), setupPrefix + "*.aot")) {
      for (Path cache : caches) {
        if (!cache.equals(file)) {
          deleteQuietly(cache);
        }
      }
    } catch (IOException e) {
      // they stay: only disk space
    }
  }

  /** Ends a recording that did not end normally: nothing is made from it. */
  void abandon(Start start) {
    deleteQuietly(start.recording());
    RECORDING.remove(file);
  }

  /** A name beside the cache for one recording or one cache being made; unique to this JVM. */
  private Path temporary(String suffix) {
    String unique =
        ProcessHandle.current().pid()
            + "-"
            + Long.toHexString(ThreadLocalRandom.current().nextLong());
    return file.resolveSibling(file.getFileName() + "." + unique + suffix);
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // a leftover temporary file in the cache folder; the next recording uses another name
    }
  }
}
