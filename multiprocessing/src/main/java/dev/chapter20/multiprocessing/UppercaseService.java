package dev.chapter20.multiprocessing;

import dev.chapter20.common.process.ChildRuntime;
import dev.chapter20.common.process.FrameReader;
import dev.chapter20.common.process.FrameWriter;
import dev.chapter20.common.process.SpinWaitInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Locale;

/**
 * The child side of a two-way exchange: reads text requests as frames from standard input and
 * answers each with its upper-case form as a frame on standard output, until the parent's end
 * marker, which it answers with its own. With {@code --spin} it waits for each request with a
 * {@link SpinWaitInputStream}.
 *
 * <p>This request/reply loop over a pair of pipes is the shape of a process-pool worker (see the
 * {@code executors} module): a worker is this loop with "run a task" where this one upper-cases.
 *
 * <p><b>Threading:</b> the main thread reads a request and writes its reply, one at a time; {@link
 * ChildRuntime#install()} adds a daemon thread that watches the parent.
 */
public final class UppercaseService {

  /**
   * How long {@code --spin} polls for the next request before it blocks; a parent that spins on the
   * replies uses the same.
   */
  public static final Duration SPIN = Duration.ofMillis(1);

  private UppercaseService() {}

  public static void main(String[] args) throws IOException {
    ChildRuntime.installAsChild(
        "UppercaseService is the child JVM of the request-reply example, which starts it; run that:"
            + " ./mvnw -q -pl multiprocessing -am compile exec:exec -Dargs=request-reply");
    InputStream stdin = new FileInputStream(FileDescriptor.in);
    if (args.length == 1 && args[0].equals("--spin")) {
      stdin = new SpinWaitInputStream(stdin, SPIN);
    }
    FrameReader requests = new FrameReader(stdin);
    FrameWriter replies = new FrameWriter(new FileOutputStream(FileDescriptor.out));
    for (String request = requests.readText(); request != null; request = requests.readText()) {
      replies.write(request.toUpperCase(Locale.ROOT));
      replies.flush(); // the parent is waiting for this reply
    }
    replies.writeEnd();
  }
}
