package dev.chapter20.threading.support;

/**
 * A thread's body that may wait, and so may be interrupted: the examples' workers {@code put},
 * {@code take}, {@code await} and {@code acquire}, which all throw {@link InterruptedException}.
 *
 * <p>A {@link Runnable} may not throw it, so every worker would repeat the same {@code catch};
 * {@link #start} writes it once. An interrupt is a request to stop: the worker ends, and the {@code
 * catch} sets the interrupt flag again so that whoever looks at the thread next still sees it.
 *
 * <p><b>Threading:</b> {@link #start} runs the body on a new platform thread of the given name.
 */
@FunctionalInterface
public interface Interruptible {

  void run() throws InterruptedException;

  /** Starts {@code body} on a new platform thread named {@code name}; an interrupt ends it. */
  static Thread start(String name, Interruptible body) {
    return Thread.ofPlatform()
        .name(name)
        .start(
            () -> {
              try {
                body.run();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // asked to stop: end, and keep the flag set
              }
            });
  }
}
