package dev.chapter20.multiprocessing;

import dev.chapter20.common.process.ChildRuntime;
import dev.chapter20.common.process.FrameWriter;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The producer of section 20.2.2, run as a child JVM: writes {@code count} messages, each {@code
 * "<i>: <text>"}, as frames to its standard output, then the end marker.
 *
 * <pre>
 *   Producer &lt;count&gt; &lt;text&gt; [--repeat k] [--log]
 *            [--die-after n | --corrupt-after n | --truncate-after n]
 * </pre>
 *
 * <p>Standard output carries the data, so everything else (the {@code --log} lines) goes to
 * standard error, the usual split of a Unix filter. The {@code --die-after}, {@code
 * --corrupt-after} and {@code --truncate-after} options make it fail on purpose after {@code n}
 * messages, so the tests (and you) can watch every failure be caught. {@code --repeat k} repeats
 * the text {@code k} times, for messages too large to pass as an argument.
 *
 * <p><b>Threading:</b> the main thread writes every frame; {@link ChildRuntime#install()} adds a
 * daemon thread that watches the parent.
 */
public final class Producer {

  /** The exit code of a producer told to die. */
  static final int DIED_ON_PURPOSE = 3;

  private Producer() {}

  public static void main(String[] args) throws IOException {
    ChildRuntime.installAsChild(
        "Producer is the producer JVM of the producer-consumer example, which starts it; run that:"
            + " ./mvnw -q -pl multiprocessing -am compile exec:exec -Dargs=producer-consumer");
    int count = Integer.parseInt(args[0]);
    String text = args[1];
    boolean log = false;
    String fault = "";
    int faultAfter = -1;
    for (int i = 2; i < args.length; i++) {
      switch (args[i]) {
        case "--log" -> log = true;
        case "--repeat" -> text = text.repeat(Integer.parseInt(args[++i]));
        case "--die-after", "--corrupt-after", "--truncate-after" -> {
          fault = args[i];
          faultAfter = Integer.parseInt(args[++i]);
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }

    FileOutputStream stdout = new FileOutputStream(FileDescriptor.out);
    FrameWriter frames = new FrameWriter(stdout);
    byte[] body = (": " + text).getBytes(StandardCharsets.UTF_8); // encoded once, sent count times
    for (int i = 0; i < count; i++) {
      if (i == faultAfter) {
        frames.flush();
        breakOnPurpose(fault, i, stdout);
        return;
      }
      frames.write(Integer.toString(i).getBytes(StandardCharsets.US_ASCII), body);
      if (log) {
        frames.flush(); // let the consumer see each message now, not when the buffer fills
        System.err.println("produced " + i + ": " + text);
      }
    }
    frames.writeEnd();
  }

  private static void breakOnPurpose(String fault, int sent, FileOutputStream stdout)
      throws IOException {
    DataOutputStream raw = new DataOutputStream(stdout);
    switch (fault) {
      case "--die-after" -> {
        System.err.println("error: dying on purpose after " + sent + " messages");
        Runtime.getRuntime().halt(DIED_ON_PURPOSE);
      }
      case "--corrupt-after" -> raw.writeInt(Integer.MAX_VALUE); // a length no writer would send
      case "--truncate-after" -> {
        raw.writeInt(100); // promises 100 bytes...
        raw.write(new byte[10]); // ...delivers 10, and the stream ends
      }
      default -> throw new IllegalStateException(fault);
    }
    raw.flush();
  }
}
