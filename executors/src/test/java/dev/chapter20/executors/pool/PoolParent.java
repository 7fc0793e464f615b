package dev.chapter20.executors.pool;

/** A test program that starts a process pool, prints its workers' PIDs, and waits to be killed. */
public final class PoolParent {

  private PoolParent() {}

  public static void main(String[] args) throws InterruptedException {
    ProcessPoolExecutor pool = new ProcessPoolExecutor(2);
    System.out.println(pool.workerPids());
    Thread.sleep(Long.MAX_VALUE);
  }
}
