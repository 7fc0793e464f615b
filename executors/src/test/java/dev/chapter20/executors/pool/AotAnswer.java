package dev.chapter20.executors.pool;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A task whose answer {@link AotCacheTest} changes in the class file itself, byte for byte, to
 * rebuild a jar of the same size with other code in it.
 */
public record AotAnswer() implements Callable<String>, Serializable {

  static final String ANSWER = "answer-A";

  @Override
  public String call() {
    return ANSWER;
  }
}
