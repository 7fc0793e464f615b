package dev.chapter20.executors.pool.wire;

import java.io.Serializable;

/**
 * What a worker sends back for a task: its result, or the exception it failed with.
 *
 * @param value the task's result, when it succeeded
 * @param failure what the task threw, or null
 */
public record Reply(Object value, Throwable failure) implements Serializable {}
