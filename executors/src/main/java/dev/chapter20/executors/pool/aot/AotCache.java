package dev.chapter20.executors.pool.aot;

import dev.chapter20.common.LineSink;
import dev.chapter20.common.process.CacheFolder;
import dev.chapter20.common.process.CacheKey;
import dev.chapter20.common.process.ChildJvm;
import dev.chapter20.common.process.ClassPath;
import dev.chapter20.common.process.JarFingerprint;
import dev.chapter20.common.process.JvmLauncher;
import dev.chapter20.common.process.PrivateFolder;
import dev.chapter20.executors.pool.transport.JvmStartup;
import java.io.IOException;
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

/**
 * The workers' ahead-of-time cache (JDK 24 and later, JEPs 483 and 515): the classes a worker JVM
 * loads and links, the method handles it builds and the profiles it gathers, recorded by one worker
 * and mapped by every later one, so that a new worker answers its first task sooner. (On JDK 25 the
 * workers leave the profiles unused: replaying them cost a new pool's start more than it gave,
 * {@code NO_PROFILE_REPLAY}.) Python's nearest counterpart is {@code __pycache__}: what an earlier
 * run compiled, kept on disk and checked against its source.
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
 * older jars, and the folder keeps the {@value #MAX_CACHES} newest caches of any workers. A cache
 * file the JVM cannot use (truncated, overwritten) is not ignored in silence: the workers started
 * from it say so on standard error, the pool prints one line about it and deletes it, and the next
 * worker to start records a new one.
 *
 * <p>Only for a class path of jars: the JVM refuses to cache classes from folders such as {@code
 * target/classes}. {@link #of} returns nothing then, or on a JDK before 24, and workers start as
 * they would without a cache.
 *
 * <p>It plugs into the transport as a {@link JvmStartup}: the worker JVMs know nothing of it, and a
 * reader of the pool can skip this class.
 *
 * <p><b>Threading:</b> shared by the pool's workers: {@link #next} may be called from any worker's
 * thread, and the sinks of {@link Start#output} from any worker's relay threads (the first
 * complaint discards the file, once); one recording per file at a time in this JVM ({@code
 * RECORDING}). The JVM that creates the cache runs on the thread that stopped the recording worker,
 * which waits for it; {@link #abort} kills it from any thread.
 */
public final class AotCache implements JvmStartup {

  /** The first JDK with {@code -XX:AOTMode=record} and {@code create}. */
  public static final int FIRST_RELEASE = 24;

  /** How many caches a folder keeps, the newest, for workers of other setups: 13 MB each. */
  static final int MAX_CACHES = 4;

  /** How long a recording worker may take to exit: it writes megabytes as it does. */
  private static final Duration RECORDING_EXIT_GRACE = Duration.ofSeconds(60);

  /** How long making the cache from a recording may take; it takes about a second. */
  private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(60);

  /** The files some worker of this JVM is recording: at most one recording per file. */
  private static final Set<Path> RECORDING = ConcurrentHashMap.newKeySet();

  /**
   * The JVM's log tag for its AOT cache: JDK 25 added {@code aot}; JDK 24 logs it as {@code cds}.
   * Its warnings are what a worker says when it cannot use the cache.
   */
  private static final String LOG_TAG = Runtime.version().feature() >= 25 ? "aot" : "cds";

  /**
   * JDK 25's cache also holds the profiles the recording worker gathered (JEP 515), and a JVM
   * started from it replays them: it compiles at once what the recording worker had compiled. For a
   * long-lived JVM on idle cores that shortens its warm-up; for a new pool's workers, booting
   * beside the pool's JVM, it is CPU taken from their start, and without it a new pool answered
   * sooner on 2 cores (measured: docs/performance.md). Diagnostic options, which a later JDK may
   * rename or drop, and a JVM given an option it does not know does not start: so only on the JDK
   * where this was measured.
   */
  private static final List<String> NO_PROFILE_REPLAY =
      Runtime.version().feature() == 25
          ? List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTReplayTraining")
          : List.of();

  private final Path file;
  private final String setupPrefix; // the file names of every cache of these workers start so
  private final List<String> workerOptions;
  private final AtomicBoolean discarded = new AtomicBoolean(); // the file, by a worker's complaint
  private volatile boolean aborted;
  private volatile ChildJvm creator; // the JVM making the cache, while it runs

  private AotCache(Path file, String setupPrefix, List<String> workerOptions) {
    this.file = file;
    this.setupPrefix = setupPrefix;
    this.workerOptions = List.copyOf(workerOptions);
  }

  /**
   * Returns the cache for workers started with {@code workerOptions} from this JVM's class path, in
   * {@code folder}; empty on a JDK before 24, or when the class path holds anything but jars.
   *
   * @throws IOException if the folder cannot be made or trusted (another user owns it or may write
   *     to it: the JVM trusts the classes of a cache), or a jar cannot be read; in one line
   */
  public static Optional<AotCache> of(Path folder, List<String> workerOptions) throws IOException {
    PrivateFolder.createOrCheck(folder); // refused in any case: a setting that cannot be trusted
    if (Runtime.version().feature() < FIRST_RELEASE) {
      return Optional.empty();
    }
    Optional<List<Path>> jars = ClassPath.jarsOfThisJvm();
    if (jars.isEmpty()) {
      return Optional.empty();
    }
    CacheKey key = CacheKey.of(workerOptions, jars.get());
    String prefix = "worker-" + key.setup() + "-"; // the caches of these workers, for any jars
    Path file = folder.resolve(prefix + key.contents() + ".aot");
    return Optional.of(new AotCache(file, prefix, workerOptions));
  }

  /** The cache's file, whether or not it exists yet. */
  public Path file() {
    return file;
  }

  /**
   * Says how the next worker JVM starts: from the cache if it is there; recording one if not, and
   * if no other worker of this JVM is recording it; otherwise as it would without a cache.
   */
  @Override
  public Start next() {
    if (Files.isRegularFile(file)) {
      return new FromCache();
    }
    if (!RECORDING.add(file)) {
      return Start.PLAIN;
    }
    return new Recording(temporary(".aotconf"));
  }

  /** Kills the JVM making the cache, if one runs, and any that would start. */
  @Override
  public void abort() {
    aborted = true;
    ChildJvm running = creator;
    if (running != null) {
      running.close();
    }
  }

  /**
   * A worker started from the cache. What it says about the cache is a complaint: the first such
   * line deletes the file, so that the next worker to start records a new one, and the user gets
   * one line of the pool's instead of the JVM's few.
   */
  private final class FromCache implements Start {
    @Override
    public List<String> jvmOptions() {
      // The launcher turns the JVM's notes about caches off; its warnings are wanted here.
      List<String> options =
          new ArrayList<>(List.of("-XX:AOTCache=" + file, "-Xlog:" + LOG_TAG + "=warning:stderr"));
      options.addAll(NO_PROFILE_REPLAY);
      return options;
    }

    @Override
    public LineSink output(LineSink output) {
      return line -> {
        String complaint = complaint(line);
        if (complaint == null) {
          output.println(line);
        } else {
          discard(complaint).ifPresent(output::println);
        }
      };
    }
  }

  /**
   * A worker that records what it loads: when it was stopped and exited cleanly, one more JVM turns
   * the recording into the cache; any other end throws the recording away.
   */
  private final class Recording implements Start {
    private final Path recording;
    private volatile LineSink output = line -> {};

    Recording(Path recording) {
      this.recording = recording;
    }

    @Override
    public List<String> jvmOptions() {
      return List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + recording);
    }

    @Override
    public LineSink output(LineSink output) {
      this.output = output;
      return line -> { // its note of where it wrote its recording is dropped
        if (!line.strip().startsWith("AOTConfiguration recorded")) {
          output.println(line);
        }
      };
    }

    @Override
    public Duration exitGrace(Duration grace) {
      return grace.compareTo(RECORDING_EXIT_GRACE) > 0 ? grace : RECORDING_EXIT_GRACE;
    }

    @Override
    public void ended(boolean cleanly) {
      String failure = cleanly && !aborted ? finish(recording) : null;
      deleteQuietly(recording);
      RECORDING.remove(file);
      if (failure != null) {
        output.println("note: " + failure + "; workers start without an AOT cache");
      }
    }
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
   * Turns the recording of a worker that stopped cleanly into the cache: starts the JVM that makes
   * it and waits for that JVM, which {@link #abort} may kill. Never throws: without a cache,
   * workers just start slower. Returns why no cache was made, or null.
   */
  private String finish(Path recording) {
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
      try (ChildJvm child =
          JvmLauncher.forMain(AotCache.class)
              .name("aot-cache")
              .longRunning()
              .jvmOptions(options.toArray(String[]::new))
              .start()) {
        creator = child;
        if (aborted) { // abort() came before creator was set; leaving the block kills the child
          return null;
        }
        child.relayStdout(line -> {}); // two lines saying what it wrote; errors go to stderr
        int code = child.waitFor(CREATE_TIMEOUT);
        if (code != 0) {
          return "making the AOT cache failed (exit code "
              + code
              + "): "
              + child.lastStderrLines(3);
        }
      } finally {
        creator = null;
      }
      Files.move(made, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      deleteOlderCaches();
      CacheFolder.keepNewest(file.getParent(), "worker-*.aot", MAX_CACHES);
      return null;
    } catch (IOException e) { // a ChildJvmException too: it did not finish in time
      return "making the AOT cache failed: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while making the AOT cache";
    } finally {
      deleteQuietly(made);
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
