package dev.chapter20.executors.pool;

import dev.chapter20.executors.pool.TestTasks.Pid;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * A test program that starts a process pool, waits until both its workers have answered, prints
 * their PIDs and the pool's socket folder, and then, with {@code exit} as its argument, exits
 * without closing the pool; otherwise it waits to be killed.
 */
public final class PoolParent {

  private PoolParent() {}

  public static void main(String[] args) throws InterruptedException, ExecutionException {
    ProcessPoolExecutor pool =
        ProcessPoolExecutor.builder()
            .workers(2)
            .allowPackages(PoolParent.class.getPackageName())
            .build();
    Set<Long> answered = new HashSet<>();
    while (answered.size() < 2) { // both connected: each has set up its clean-up
      for (Future<Long> pid : pool.invokeAll(List.of(new Pid(), new Pid()))) {
        answered.add(pid.get());
      }
    }
    System.out.println(pool.workerPids());
    System.out.println(pool.socketFolder());
    System.out.flush();
    if (args.length > 0 && args[0].equals("exit")) {
      System.exit(0);
    }
    Thread.sleep(Long.MAX_VALUE);
  }
}
