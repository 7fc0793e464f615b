package dev.chapter20.threading;

import dev.chapter20.common.LineSink;
import dev.chapter20.common.Timeline;
import dev.chapter20.threading.support.Interruptible;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A producer thread hands messages to a consumer thread through a {@link BlockingQueue} and ends
 * with an end marker: Python's {@code queue.Queue} between two threads, the in-JVM twin of section
 * 20.2.2's producer and consumer processes.
 *
 * <p>Between threads nothing is copied or framed: the queue passes references. Python's idiom ends
 * the stream with {@code q.put(None)}; a {@code BlockingQueue} refuses {@code null}, so the marker
 * is one object that no real message can be, compared with {@code ==}. The consumer stops when the
 * producer says so, never when the queue happens to be empty ({@code queue.empty()} is as much a
 * race here as in 20.2.2). The queue is bounded, as {@code queue.Queue(maxsize=2)} is: {@code put}
 * blocks while it is full, so a fast producer cannot run out of memory ahead of a slow consumer. A
 * plain {@code queue.Queue()} is unbounded; its match is a {@code LinkedBlockingQueue}.
 *
 * <p><b>Threading:</b> threads {@code producer} and {@code consumer}; the caller joins both. A
 * {@code put} happens-before the {@code take} that removes the element, so the consumer sees each
 * message as the producer built it.
 *
 * @see java.util.concurrent.LinkedBlockingQueue
 */
public final class QueueBetweenThreads {

  private static final String END = new String("end"); // a distinct object: == finds only this one

  private QueueBetweenThreads() {}

  /** Sends {@code count} messages through a queue of two places; returns what the consumer took. */
  public static List<String> run(LineSink out, int count) throws InterruptedException {
    BlockingQueue<String> queue = new ArrayBlockingQueue<>(2);
    List<String> received = new ArrayList<>();
    Thread producer =
        Interruptible.start(
            "producer",
            () -> {
              for (int i = 0; i < count; i++) {
                queue.put("message " + i); // waits while the queue is full
                out.println("put message " + i);
              }
              queue.put(END);
            });
    Thread consumer =
        Interruptible.start(
            "consumer",
            () -> {
              for (String message = queue.take(); message != END; message = queue.take()) {
                received.add(message);
                out.println("took " + message);
              }
            });
    producer.join();
    consumer.join(); // makes everything the consumer added to received visible here
    out.println("the consumer stopped at the end marker after " + received.size() + " messages");
    return received;
  }

  public static void main(String[] args) throws InterruptedException {
    run(new Timeline(System.out), 5);
  }
}
