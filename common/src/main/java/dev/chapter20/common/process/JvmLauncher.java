package dev.chapter20.common.process;

import dev.chapter20.common.LineSink;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Starts a Java main class in a new JVM: Java's {@code multiprocessing.Process(target=...)}.
 *
 * <p>Python's {@code fork} start method (the default on Linux before 3.14) copies the running
 * interpreter, memory and all; {@code spawn} (macOS, Windows) starts a fresh interpreter. The JVM
 * cannot fork: a child is always a fresh JVM that runs a main class, as with {@code spawn}. This
 * launcher builds that JVM's command line from the running one: the same {@code java} executable,
 * the same class path (see {@link ClassPath}), JVM options for a quick start, and the parent's PID
 * so the child can exit when the parent goes (see {@link ChildRuntime}).
 *
 * <pre>{@code
 * try (ChildJvm child = JvmLauncher.forMain(PrintTaskChild.class).name("numbers").args("numbers").start()) {
 *   child.relayStdout(out);
 *   child.waitForSuccess(Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * <p>The child's standard streams are pipes the parent reads and writes as bytes (UTF-8 when they
 * carry text, whatever the platform's default), unless {@link #inheritOutput()} sends the child's
 * output straight to the parent's console.
 *
 * <p>The main class must call {@link ChildRuntime#install()} first, so that it exits when this JVM
 * is killed.
 *
 * <p><b>Threading:</b> a launcher is a builder: configure it on one thread, then {@link #start()}
 * it (as often as you like).
 */
public final class JvmLauncher {

  /**
   * Options for a child that lives a second or less. Start-up time is mostly class loading and JIT
   * set-up, so: an archive of the child's already-parsed classes (AppCDS, written by the first
   * child and mapped by every later one), the quick C1 compiler only, the simplest garbage
   * collector, and no performance-counter file. Each removes a few milliseconds.
   */
  static final List<String> QUICK_START =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData");

  /**
   * Options for every child: its standard output may carry binary frames, so the JVM must never
   * print its own warnings there; they go to standard error. The class archive's own notes ({@code
   * cds}: classes it skips while writing the archive) are dropped, and so are those of an AOT cache
   * ({@code aot}, a tag JDK 25 added and older JDKs refuse): they are about an optimisation, not
   * about the child.
   */
  static final List<String> KEEP_STDOUT_CLEAN =
      List.of(
          "-XX:+DisplayVMOutputToStderr",
          "-Xlog:disable",
          Runtime.version().feature() >= 25
              ? "-Xlog:all=warning,cds*=off,aot*=off:stderr"
              : "-Xlog:all=warning,cds*=off:stderr");

  /** How many class archives a user keeps, the newest: about 1.5 MB each. */
  static final int MAX_ARCHIVES = 16;

  private static volatile boolean archiveRefused;

  private final Class<?> mainClass;
  private String name;
  private final List<String> jvmOptions = new ArrayList<>();
  private final List<String> args = new ArrayList<>();
  private boolean quickStart = true;
  private boolean inheritOutput;
  private LineSink stderrSink;

  private JvmLauncher(Class<?> mainClass) {
    this.mainClass = mainClass;
    this.name = mainClass.getSimpleName();
  }

  /** Starts configuring a child JVM that runs {@code mainClass}'s {@code main}. */
  public static JvmLauncher forMain(Class<?> mainClass) {
    return new JvmLauncher(mainClass);
  }

  /** Names the child in messages and in the names of the threads that read its output. */
  public JvmLauncher name(String name) {
    this.name = name;
    return this;
  }

  /** Adds program arguments, passed to the child's {@code main}. */
  public JvmLauncher args(String... args) {
    this.args.addAll(Arrays.asList(args));
    return this;
  }

  /** Adds JVM options such as {@code -Xmx64m} or {@code -Dkey=value}. */
  public JvmLauncher jvmOptions(String... options) {
    this.jvmOptions.addAll(Arrays.asList(options));
    return this;
  }

  /**
   * Gives up the quick-start options, for a child that runs long and computes hard, where the
   * optimising C2 compiler and a parallel collector pay for their slower start.
   */
  public JvmLauncher longRunning() {
    this.quickStart = false;
    return this;
  }

  /** Sends the child's standard output and error to this JVM's console instead of to pipes. */
  public JvmLauncher inheritOutput() {
    this.inheritOutput = true;
    return this;
  }

  /**
   * Passes each line the child writes to standard error on to {@code sink} (as well as keeping the
   * last lines for error reports).
   */
  public JvmLauncher relayStderr(LineSink sink) {
    this.stderrSink = sink;
    return this;
  }

  /** Starts the child JVM. */
  public ChildJvm start() throws IOException {
    return ChildJvm.started(name, processBuilder().start(), !inheritOutput, stderrSink);
  }

  /**
   * Starts the children as a pipeline, each one's standard output connected to the next one's
   * standard input by an operating-system pipe, as {@code producer | consumer} would in a shell.
   * The parent keeps the first child's standard input and the last one's standard output.
   */
  public static List<ChildJvm> startPipeline(List<JvmLauncher> stages) throws IOException {
    List<Process> processes =
        ProcessBuilder.startPipeline(stages.stream().map(JvmLauncher::processBuilder).toList());
    List<ChildJvm> children = new ArrayList<>();
    for (int i = 0; i < stages.size(); i++) {
      JvmLauncher stage = stages.get(i);
      children.add(
          ChildJvm.started(stage.name, processes.get(i), !stage.inheritOutput, stage.stderrSink));
    }
    return children;
  }

  /** Returns the full command line that {@link #start()} runs. */
  public List<String> command() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(KEEP_STDOUT_CLEAN);
    if (quickStart) {
      command.addAll(QUICK_START);
    }
    command.addAll(jvmOptions);
    classArchive(command)
        .ifPresent(
            archive -> {
              command.add("-XX:+AutoCreateSharedArchive");
              command.add("-XX:SharedArchiveFile=" + archive);
            });
    command.add("-D" + ChildRuntime.PARENT_PID + "=" + ProcessHandle.current().pid());
    command.add("-Dstdout.encoding=UTF-8");
    command.add("-Dstderr.encoding=UTF-8");
    command.add("-cp");
    command.add(ClassPath.ofThisJvm());
    command.add(mainClass.getName());
    command.addAll(args);
    return command;
  }

  private ProcessBuilder processBuilder() {
    ProcessBuilder builder = new ProcessBuilder(command());
    if (inheritOutput) {
      builder.redirectOutput(Redirect.INHERIT).redirectError(Redirect.INHERIT);
    }
    return builder;
  }

  /**
   * Returns where the class archive for children of this JDK, these JVM options and this class path
   * lives: one file per {@link CacheKey}, in this user's folder of the temporary folder, so that a
   * rebuilt jar gets a new archive instead of an old one: the JVM compares only size and time, and
   * would serve old classes from a jar rebuilt to the same size within a second. Empty when the
   * class path holds a directory (such as {@code target/classes}: the JVM archives classes from
   * jars only, and fails the child at exit if asked to archive more), when the options use an AOT
   * cache ({@code -XX:AOT...}, JDK 24+, which replaces the class archive), or when the folder
   * cannot be created.
   */
  private static Optional<Path> classArchive(List<String> options) {
    for (String option : options) {
      if (option.startsWith("-XX:AOT")) { // an AOT cache (JDK 24+) replaces the class archive
        return Optional.empty();
      }
    }
    Optional<List<Path>> jars = ClassPath.jarsOfThisJvm();
    if (jars.isEmpty()) {
      return Optional.empty();
    }
    Path folder = archiveFolder();
    try {
      PrivateFolder.createOrCheck(folder);
      Path archive = folder.resolve(archiveName(options, jars.get()));
      if (!Files.exists(archive)) { // this child makes it: room for it, the oldest go
        CacheFolder.keepNewest(folder, "*.jsa", MAX_ARCHIVES - 1);
      }
      return Optional.of(archive);
    } catch (IOException e) {
      if (!archiveRefused) { // once per JVM: children start without an archive, only slower
        archiveRefused = true;
        System.err.println("note: no class archive for child JVMs: " + e.getMessage());
      }
      return Optional.empty();
    }
  }

  /**
   * Returns the folder of this user's class archives: the JVM trusts the classes in an archive, so
   * a folder another user could write to would let them run code in every child ({@link
   * PrivateFolder} refuses it).
   */
  static Path archiveFolder() {
    String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
    return Path.of(System.getProperty("java.io.tmpdir"), "chapter20-cds-" + user);
  }

  /**
   * The class archive's file name for children with {@code options} and class path {@code jars}.
   */
  static String archiveName(List<String> options, List<Path> jars) throws IOException {
    CacheKey key = CacheKey.of(options, jars);
    return key.setup() + "-" + key.contents() + ".jsa";
  }
}
