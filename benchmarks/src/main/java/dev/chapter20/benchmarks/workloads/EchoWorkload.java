package dev.chapter20.benchmarks.workloads;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.chapter20.async.EchoClients;
import dev.chapter20.async.EchoException;
import dev.chapter20.async.EchoServer;
import dev.chapter20.async.EchoService;
import dev.chapter20.async.SelectorEchoClients;
import dev.chapter20.async.SelectorEchoServer;
import dev.chapter20.benchmarks.ChapterWorkloads;
import dev.chapter20.common.process.ChildJvm;
import dev.chapter20.common.process.ChildRuntime;
import dev.chapter20.common.process.JvmLauncher;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Many TCP connections at once, timed: the {@code async} module's {@link EchoServer} in a JVM of
 * its own, and {@link EchoClients} in this one, {@code connections} connections each sending {@code
 * messages} small UTF-8 lines and checking every echo (or, as {@link Server#SELECTOR}, {@link
 * SelectorEchoServer} and {@link SelectorEchoClients}: one thread's event loop at each end); beside
 * {@code chapter_workloads.py echo} ({@code asyncio.start_server} in a child process, {@code
 * asyncio.open_connection} in its parent) and {@code chapter_workloads.mjs echo} (Node's {@code
 * net}, the same two processes).
 *
 * <p>Two processes, because a connection holds a file descriptor at each end: 10,000 connections in
 * one process need 20,000, the most a process may have on the machines this project runs on ({@code
 * ulimit -n}). The server JVM is started with {@link JvmLauncher} and this JVM's own {@code -X}
 * options (the step's options in {@code compare.py}), or those of {@value #SERVER_OPTIONS_PROPERTY}
 * if it is set; it prints its port, serves until its standard input ends, then prints its own peak
 * resident set size ({@code VmHWM} in {@code /proc/self/status}), the figure of the comparison's
 * memory row, and how many connections it had open at once. The time is the clients': from the
 * first connect to the last close; every side times the same span.
 *
 * <p><b>Threading:</b> see {@link EchoClients} and {@link EchoServer}; the server's two lines are
 * read on the calling thread, before and after the clients run.
 */
public final class EchoWorkload {

  private static final Duration SERVER_EXIT = Duration.ofSeconds(30);

  /**
   * The server JVM's options, separated by spaces, in place of this JVM's {@code -X} options: a
   * server's settings (its collector, its heap) need not suit the 10,000 clients.
   */
  public static final String SERVER_OPTIONS_PROPERTY = "benchmarks.echoServerOptions";

  /** Which server the server JVM runs (and which clients this one), and its workload's name. */
  public enum Server {
    /** {@link EchoServer} and {@link EchoClients}: a virtual thread per connection. */
    VIRTUAL_THREADS("echo-serve"),
    /**
     * {@link SelectorEchoServer} and {@link SelectorEchoClients}: one thread's event loop at each
     * end, as asyncio and Node run theirs.
     */
    SELECTOR("echo-serve-selector");

    private final String workload;

    Server(String workload) {
      this.workload = workload;
    }

    EchoService start() throws IOException {
      return this == SELECTOR ? SelectorEchoServer.start(0) : EchoServer.start(0);
    }
  }

  private EchoWorkload() {}

  /**
   * Starts the server JVM running {@code kind}, runs the clients against it, and returns both
   * sides' figures.
   */
  public static JsonLine run(Server kind, int connections, int messages)
      throws IOException, InterruptedException {
    String given = System.getProperty(SERVER_OPTIONS_PROPERTY);
    String[] options =
        given != null
            ? (given.isBlank() ? new String[0] : given.trim().split("\\s+"))
            : ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(option -> option.startsWith("-X"))
                .toArray(String[]::new);
    try (ChildJvm server =
        JvmLauncher.forMain(ChapterWorkloads.class)
            .name("echo-server")
            .longRunning() // none of a short-lived child's options: the step's own, below, decide
            .jvmOptions(options)
            .args(kind.workload)
            .start()) {
      BufferedReader lines =
          new BufferedReader(new InputStreamReader(server.stdout(), StandardCharsets.UTF_8));
      int port = nextLine(lines, server).get("port").getAsInt();
      EchoClients.Result result;
      try {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        result =
            kind == Server.SELECTOR
                ? SelectorEchoClients.run(address, connections, messages)
                : EchoClients.run(address, connections, messages);
      } catch (EchoException e) {
        throw withServersWord(e, server);
      }
      server.stdin().close(); // the server stops, then reports
      JsonObject served = nextLine(lines, server);
      server.waitForSuccess(SERVER_EXIT);
      JsonLine line =
          JsonLine.of(kind == Server.SELECTOR ? "echo-selector" : "echo")
              .put("seconds", result.nanos() / 1e9)
              .put("open_s", result.openNanos() / 1e9)
              .put("connections", connections)
              .put("messages", messages)
              .put("echoes", result.echoesChecked())
              .put("connections_per_s", result.connectionsPerSecond())
              .put("server_peak_connections", served.get("peak_connections").getAsLong())
              .put("server_echoed", served.get("echoed").getAsLong());
      return served.has("peak_rss_mib")
          ? line.put("server_peak_rss_mib", served.get("peak_rss_mib").getAsDouble())
          : line;
    }
  }

  /**
   * The server side: starts a server of {@code kind} on a free port, prints the port as a line of
   * JSON on {@code out}, and serves until {@code in} ends (the parent closed it, or died); then
   * closes the server and returns its figures, its peak resident set size among them.
   */
  public static JsonLine serve(Server kind, InputStream in, PrintStream out) throws IOException {
    ChildRuntime.install(); // started by run(): exit if that JVM is killed
    EchoService server = kind.start();
    try (server) {
      out.println(JsonLine.of(kind.workload).put("port", server.address().getPort()));
      out.flush();
      in.transferTo(OutputStream.nullOutputStream()); // returns at end of input
    }
    if (server.acceptFailure().isPresent()) {
      IOException e = server.acceptFailure().get();
      throw new IOException("the server stopped accepting: " + e.getMessage(), e);
    }
    JsonLine line =
        JsonLine.of(kind.workload)
            .put("peak_connections", server.peakConnections())
            .put("echoed", server.echoed());
    double peakRss = peakResidentSetSizeMib();
    return peakRss > 0 ? line.put("peak_rss_mib", peakRss) : line;
  }

  /**
   * Returns this process's peak resident set size in MiB, or -1 where Linux's figure is missing.
   */
  static double peakResidentSetSizeMib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) { // "VmHWM:    123456 kB"
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Not Linux: the row shows n/a.
    }
    return -1;
  }

  /** Reads the server's next line of JSON; if it has ended instead, says why in one line. */
  private static JsonObject nextLine(BufferedReader lines, ChildJvm server)
      throws IOException, InterruptedException {
    String line = lines.readLine();
    if (line == null) {
      server.awaitExit(SERVER_EXIT); // its last words on standard error arrive meanwhile
      throw new IOException("the echo server ended early: " + server.lastStderrLines(2));
    }
    try {
      return JsonParser.parseString(line).getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      throw new IOException("the echo server printed '" + line + "', not a line of JSON", e);
    }
  }

  /** Adds the server's own last words to a client's failure, if it said anything. */
  private static IOException withServersWord(EchoException e, ChildJvm server)
      throws IOException, InterruptedException {
    server.stdin().close();
    server.awaitExit(Duration.ofSeconds(10));
    String said = server.lastStderrLines(1);
    return said.isEmpty() ? e : new IOException(e.getMessage() + "; the server: " + said, e);
  }
}
