package dev.chapter20.multiprocessing;

import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import dev.chapter20.common.process.ChildJvm;
import dev.chapter20.common.process.FrameException;
import dev.chapter20.common.process.FrameReader;
import dev.chapter20.common.process.FrameWriter;
import dev.chapter20.common.process.JvmLauncher;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * A two-way exchange between the parent and one child JVM: each request goes down the child's
 * standard input, each reply comes back up its standard output. Section 20.2.2 shows only one
 * direction; a pool of worker processes needs both.
 *
 * <p>Python would use a pair of {@code Queue}s or a {@code Pipe()}. Here it is the child's own
 * standard streams, framed by {@link FrameWriter}/{@link FrameReader}, so any text, in any script,
 * arrives byte for byte. The parent ends the conversation with an end marker; the child answers
 * with its own and exits.
 *
 * <p><b>Threading:</b> one parent thread writes a request and then blocks reading the reply, so at
 * most one request is in flight: the simplest protocol, and the one a pool worker uses.
 */
public final class RequestReply {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /**
   * What the demo asks when given nothing: German's sharp s and a ligature grow when upper-cased,
   * Korean has no case, and the digraph {@code ǆ} has three forms.
   */
  public static final List<String> DEFAULT_REQUESTS = List.of("hello", "straße", "안녕하세요", "ﬁnal ǆ");

  private RequestReply() {}

  /** Sends each request to an {@link UppercaseService} child and prints request and reply. */
  public static void run(LineSink out, List<String> requests)
      throws IOException, InterruptedException {
    try (ChildJvm service = JvmLauncher.forMain(UppercaseService.class).name("upper").start()) {
      out.println("started " + service);
      FrameWriter toChild = new FrameWriter(service.stdin());
      FrameReader fromChild = new FrameReader(service.stdout());
      for (String request : requests) {
        toChild.write(request);
        toChild.flush();
        String reply = fromChild.readText();
        if (reply == null) {
          throw new FrameException(service + " ended the conversation early");
        }
        out.println(request + " -> " + reply);
      }
      toChild.writeEnd();
      if (fromChild.readText() != null) {
        throw new FrameException(service + " sent a reply nobody asked for");
      }
      service.waitForSuccess(TIMEOUT);
    }
  }

  public static void main(String[] args) throws Exception {
    run(new Timeline(System.out), DEFAULT_REQUESTS);
  }
}
