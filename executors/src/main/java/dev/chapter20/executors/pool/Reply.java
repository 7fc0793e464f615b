package dev.chapter20.executors.pool;

import java.io.Serializable;

/** What a worker sends back for a task: its result, or the exception it failed with. */
record Reply(Object value, Throwable failure) implements Serializable {}
