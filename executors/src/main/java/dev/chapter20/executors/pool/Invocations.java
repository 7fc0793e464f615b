package dev.chapter20.executors.pool;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code invokeAll} and {@code invokeAny} for any executor whose {@code submit} returns a {@code
 * CompletableFuture}: the JDK's {@code AbstractExecutorService} has the same two, built on {@code
 * FutureTask}, which cannot travel to another process.
 *
 * <p><b>Threading:</b> stateless; each call waits on the caller's thread.
 */
final class Invocations {

  /** What submits a task. */
  interface Submitter {
    <T> CompletableFuture<T> submit(Callable<T> task);
  }

  private Invocations() {}

  /** Submits every task and waits for all, or until the deadline; cancels those not done. */
  static <T> List<Future<T>> invokeAll(
      Submitter pool, Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException {
    List<? extends Callable<T>> checked = checked(tasks);
    long deadline = deadline(timeout, unit);
    List<Future<T>> futures = new ArrayList<>(checked.size());
    try {
      for (Callable<T> task : checked) {
        futures.add(pool.submit(task));
      }
      for (Future<T> future : futures) {
        try {
          future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | CancellationException e) {
          // the future holds the failure; invokeAll only waits
        } catch (TimeoutException e) {
          break;
        }
      }
      return futures;
    } finally {
      futures.forEach(future -> future.cancel(true)); // no-op for those that are done
    }
  }

  /** Like {@link #invokeAny(Submitter, Collection, long, TimeUnit)} with no deadline. */
  static <T> T invokeAny(Submitter pool, Collection<? extends Callable<T>> tasks)
      throws InterruptedException, ExecutionException {
    try {
      return invokeAny(pool, tasks, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no deadline, yet timed out", e);
    }
  }

  /** Returns the result of the first task to succeed, and cancels the others. */
  static <T> T invokeAny(
      Submitter pool, Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    List<? extends Callable<T>> checked = checked(tasks);
    if (checked.isEmpty()) {
      throw new IllegalArgumentException("invokeAny needs at least one task");
    }
    long deadline = deadline(timeout, unit);
    BlockingQueue<CompletableFuture<T>> done = new LinkedBlockingQueue<>();
    List<CompletableFuture<T>> futures = new ArrayList<>();
    try {
      for (Callable<T> task : checked) {
        CompletableFuture<T> future = pool.submit(task);
        futures.add(future);
        future.whenComplete((result, failure) -> done.add(future));
      }
      ExecutionException last = null;
      for (int i = 0; i < futures.size(); i++) {
        CompletableFuture<T> first = done.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (first == null) {
          throw new TimeoutException("no task succeeded in time");
        }
        try {
          return first.get();
        } catch (ExecutionException | CancellationException e) {
          last = e instanceof ExecutionException ee ? ee : new ExecutionException(e);
        }
      }
      throw last;
    } finally {
      futures.forEach(future -> future.cancel(true));
    }
  }

  private static <T> List<? extends Callable<T>> checked(Collection<? extends Callable<T>> tasks) {
    Objects.requireNonNull(tasks, "tasks");
    return List.copyOf(tasks); // throws on a null task, before any task is sent
  }

  private static long deadline(long timeout, TimeUnit unit) {
    long now = System.nanoTime();
    long nanos = Objects.requireNonNull(unit, "unit").toNanos(timeout);
    return nanos >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + nanos;
  }
}
