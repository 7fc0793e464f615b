package dev.chapter20.executors.pool.map;

import java.io.Serializable;
import java.util.function.Function;

/**
 * A {@link Function} that can travel to a worker JVM: a lambda or method reference assigned to this
 * type is compiled as a serializable lambda.
 */
@FunctionalInterface
public interface SerializableFunction<T, R> extends Function<T, R>, Serializable {}
