package dev.chapter20.multiprocessing;

import dev.chapter20.common.process.ChildRuntime;
import dev.chapter20.common.process.FrameException;
import dev.chapter20.common.process.FrameReader;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;

/**
 * The consumer of section 20.2.2, run as a child JVM: reads frames from its standard input until
 * the producer's end marker, printing each message, then a summary.
 *
 * <pre>
 *   Consumer [--quiet] [--die-after n]
 * </pre>
 *
 * <p>It stops at the end marker and nowhere else: not when the pipe happens to be empty (the
 * chapter's {@code queue.empty()} race), and never silently when the stream breaks, which {@link
 * FrameReader} reports as a {@link FrameException}: one line on standard error and exit code 1.
 *
 * <p><b>Threading:</b> the main thread reads every frame; {@link ChildRuntime#install()} adds a
 * daemon thread that watches the parent.
 */
public final class Consumer {

  private Consumer() {}

  public static void main(String[] args) throws IOException {
    ChildRuntime.installAsChild(
        "Consumer is the consumer JVM of the producer-consumer example, which starts it; run that:"
            + " ./mvnw -q -pl multiprocessing -am compile exec:exec -Dargs=producer-consumer");
    boolean quiet = false;
    long dieAfter = -1;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quiet" -> quiet = true;
        case "--die-after" -> dieAfter = Long.parseLong(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }

    FrameReader frames = new FrameReader(new FileInputStream(FileDescriptor.in));
    try {
      for (String message = frames.readText(); message != null; message = frames.readText()) {
        if (frames.count() > dieAfter && dieAfter >= 0) {
          System.err.println("error: dying on purpose after " + dieAfter + " messages");
          Runtime.getRuntime().halt(Producer.DIED_ON_PURPOSE);
        }
        if (!quiet) {
          System.out.println("consumed " + message);
        }
      }
    } catch (FrameException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(1);
    }
    System.out.println("received all " + frames.count() + " messages, in order, checksum verified");
  }
}
