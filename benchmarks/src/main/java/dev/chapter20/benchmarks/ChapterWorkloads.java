package dev.chapter20.benchmarks;

import dev.chapter20.benchmarks.workloads.CounterWorkload;
import dev.chapter20.benchmarks.workloads.EchoWorkload;
import dev.chapter20.benchmarks.workloads.EchoWorkload.Server;
import dev.chapter20.benchmarks.workloads.FanOutServer;
import dev.chapter20.benchmarks.workloads.FanOutWorkload;
import dev.chapter20.benchmarks.workloads.JsonLine;
import dev.chapter20.benchmarks.workloads.PingPongWorkload;
import dev.chapter20.benchmarks.workloads.PoolStartWorkload;
import dev.chapter20.benchmarks.workloads.PoolWorkload;
import dev.chapter20.benchmarks.workloads.QueueWorkload;
import dev.chapter20.benchmarks.workloads.SleepsWorkload;
import dev.chapter20.common.ExampleMenu;
import dev.chapter20.threading.LockAroundLoopCounter;
import dev.chapter20.threading.LockPerIncrementCounter;
import dev.chapter20.threading.LongAdderCounter;
import java.util.Arrays;

/**
 * The Java column of the comparison with the chapter's Python and with Node ({@code
 * benchmarks/compare.sh}): each workload of {@code benchmarks/python/chapter_workloads.py} (and of
 * {@code benchmarks/node/chapter_workloads.mjs}), run on the project's own classes at the sizes
 * given, printing one line of JSON.
 *
 * <pre>
 *   counter-lock      THREADS INCREMENTS RUNS   20.1.2, LockAroundLoopCounter (the chapter's shape)
 *   counter-longadder THREADS INCREMENTS RUNS   20.1.2, LongAdderCounter (no lock at all)
 *   counter-lock-per-increment THREADS INCREMENTS RUNS   20.1.2, LockPerIncrementCounter
 *   pool              WARM_UP ROUND_TRIPS ITEMS 20.3.2, ProcessPoolExecutor of 2 worker JVMs
 *   pingpong          WARM_UP ROUND_TRIPS       the pool's floor: 12 bytes to a second JVM and back,
 *   pingpong-blocking WARM_UP ROUND_TRIPS       over a Unix-domain socket, polling first or not
 *   pingpong-echo                               that second JVM
 *   pingpong-ladder   WARM_UP ROUND_TRIPS       the floor, then the pool's two messages, then each
 *                                               reply handed to the caller's thread, in turn
 *   pool-start                                  20.3.2, a new pool of 2 until both workers answer
 *   queue             ITEMS                     20.2.2, Producer child JVM, FrameReader
 *   sleeps-virtual    COUNT                     20.4.1, 100 ms pauses on virtual threads
 *   sleeps-scheduled  COUNT                     20.4.1, 100 ms pauses as CompletableFutures
 *   fanout PORT REQUESTS MAX_IN_FLIGHT ROUNDS   20.4.2, GETs from the server on 127.0.0.1:PORT
 *   serve             WARM_UP                   the fan-out's server, until standard input ends
 *   echo   CONNECTIONS MESSAGES                 20.4+, EchoClients against an EchoServer child JVM
 *   echo-serve                                  that EchoServer, until standard input ends
 *   echo-selector CONNECTIONS MESSAGES          the same against a SelectorEchoServer child JVM
 *   echo-serve-selector                         that SelectorEchoServer, until input ends
 * </pre>
 *
 * <p>Run one workload per JVM, so that the JVM's peak memory belongs to that workload alone: {@code
 * java -cp benchmarks/target/benchmarks.jar dev.chapter20.benchmarks.ChapterWorkloads queue
 * 1000000}. A failure prints one line on standard error and exits with code 1; a wrong command
 * line, with code 2.
 */
public final class ChapterWorkloads {

  private static final String USAGE =
      "usage: ChapterWorkloads {counter-lock|counter-longadder|counter-lock-per-increment|pool|"
          + "pingpong|pingpong-blocking|pingpong-echo|pingpong-ladder|pool-start|queue|sleeps-virtual|"
          + "sleeps-scheduled|fanout|serve|"
          + "echo|echo-serve|echo-selector|echo-serve-selector} SIZES...";

  private ChapterWorkloads() {}

  /** Returns how many sizes workload {@code name} takes, or -1 for a name it does not know. */
  static int sizesOf(String name) {
    return switch (name) {
      case "counter-lock", "counter-longadder", "counter-lock-per-increment", "pool" -> 3;
      case "queue", "sleeps-virtual", "sleeps-scheduled" -> 1;
      case "fanout" -> 4;
      case "serve" -> 1;
      case "echo", "echo-selector", "pingpong", "pingpong-blocking", "pingpong-ladder" -> 2;
      case "pool-start", "echo-serve", "echo-serve-selector", "pingpong-echo" -> 0;
      default -> -1;
    };
  }

  /** Runs workload {@code name} with {@code sizes} (as many as {@link #sizesOf} says). */
  static JsonLine run(String name, int[] sizes) throws Exception {
    return switch (name) {
      case "counter-lock" ->
          CounterWorkload.run(name, LockAroundLoopCounter::new, sizes[0], sizes[1], sizes[2]);
      case "counter-longadder" ->
          CounterWorkload.run(name, LongAdderCounter::new, sizes[0], sizes[1], sizes[2]);
      case "counter-lock-per-increment" ->
          CounterWorkload.run(name, LockPerIncrementCounter::new, sizes[0], sizes[1], sizes[2]);
      case "pool" -> PoolWorkload.run(sizes[0], sizes[1], sizes[2]);
      case "pingpong" -> PingPongWorkload.spinning(sizes[0], sizes[1]);
      case "pingpong-blocking" -> PingPongWorkload.blocking(sizes[0], sizes[1]);
      case "pingpong-echo" -> PingPongWorkload.echo();
      case "pingpong-ladder" -> PingPongWorkload.ladder(sizes[0], sizes[1]);
      case "pool-start" -> PoolStartWorkload.run();
      case "queue" -> QueueWorkload.run(sizes[0]);
      case "sleeps-virtual" -> SleepsWorkload.onVirtualThreads(sizes[0]);
      case "sleeps-scheduled" -> SleepsWorkload.scheduled(sizes[0]);
      case "fanout" -> FanOutWorkload.run(sizes[0], sizes[1], sizes[2], sizes[3]);
      case "serve" -> FanOutServer.serve(sizes[0], System.in, System.out);
      case "echo" -> EchoWorkload.run(Server.VIRTUAL_THREADS, sizes[0], sizes[1]);
      case "echo-serve" -> EchoWorkload.serve(Server.VIRTUAL_THREADS, System.in, System.out);
      case "echo-selector" -> EchoWorkload.run(Server.SELECTOR, sizes[0], sizes[1]);
      case "echo-serve-selector" -> EchoWorkload.serve(Server.SELECTOR, System.in, System.out);
      default -> throw new IllegalArgumentException("unknown workload " + name);
    };
  }

  public static void main(String[] args) {
    int[] sizes = parseSizes(args);
    if (sizes == null) {
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    try {
      System.out.println(run(args[0], sizes));
    } catch (Exception e) {
      System.err.println("error: " + args[0] + ": " + ExampleMenu.oneLine(e));
      System.exit(1);
    }
  }

  /** Returns the sizes after the workload's name, or null if the command line is wrong. */
  private static int[] parseSizes(String[] args) {
    if (args.length == 0 || sizesOf(args[0]) != args.length - 1) {
      return null;
    }
    try {
      return Arrays.stream(args).skip(1).mapToInt(Integer::parseInt).toArray();
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
