package dev.chapter20.executors.pool.transport;

import dev.chapter20.common.LineSink;
import java.time.Duration;
import java.util.List;

/**
 * A way to start worker JVMs faster, kept beside the essential path: the transport asks it how to
 * start each JVM, and tells it how each one ended. The pool's AOT cache ({@code pool.aot.AotCache})
 * is one; {@link #PLAIN} starts JVMs as they are.
 *
 * <p><b>Threading:</b> implementations are called from the threads of several workers at once.
 */
public interface JvmStartup {

  /** Starts every JVM with no extra options. */
  JvmStartup PLAIN = () -> Start.PLAIN;

  /** Returns how the next worker JVM starts. */
  Start next();

  /** Stops at once whatever this started on the workers' behalf, such as a JVM making a cache. */
  default void abort() {}

  /** How one worker JVM starts, and what happens once it has ended. */
  interface Start {

    /** A start with no extra options. */
    Start PLAIN = List::of;

    /** Returns the options to add to the JVM's command line. */
    List<String> jvmOptions();

    /** Returns where the JVM's output goes: {@code output}, less what these options make it say. */
    default LineSink output(LineSink output) {
      return output;
    }

    /** Returns how long the JVM may take to exit once told to stop, given the pool's grace. */
    default Duration exitGrace(Duration grace) {
      return grace;
    }

    /**
     * Hears that the JVM has ended: {@code cleanly} when it exited with 0 after being told to stop.
     * Runs on the thread that stopped the worker, which waits for it.
     */
    default void ended(boolean cleanly) {}
  }
}
