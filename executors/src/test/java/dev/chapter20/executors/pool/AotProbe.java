package dev.chapter20.executors.pool;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A test program for {@link AotCacheTest}, run with a class path of jars: starts a pool of one
 * worker with an AOT cache in the folder {@code args[0]}, runs {@link AotAnswer}, and prints what
 * happened as {@code key=value} lines. With {@code kill} as {@code args[1]}, it kills its worker
 * after the answer and before closing the pool.
 */
public final class AotProbe {

  private AotProbe() {}

  public static void main(String[] args) throws Exception {
    ProcessPoolBuilder builder =
        ProcessPoolExecutor.builder()
            .workers(1)
            .allowPackages(AotProbe.class.getPackageName())
            .aotCache(Path.of(args[0]));
    try (ProcessPoolExecutor pool = builder.build()) {
      Path cache = pool.aotCacheFile().orElseThrow();
      List<String> arguments =
          ProcessHandle.of(pool.workerPids().get(0))
              .flatMap(worker -> worker.info().arguments().map(List::of))
              .orElse(List.of());
      System.out.println("answer=" + pool.submit(new AotAnswer()).get());
      System.out.println("cache=" + cache.getFileName());
      System.out.println("existed=" + Files.isRegularFile(cache));
      System.out.println("started-from-cache=" + arguments.contains("-XX:AOTCache=" + cache));
      System.out.println("recorded=" + arguments.contains("-XX:AOTMode=record"));
      if (args.length > 1 && args[1].equals("kill")) {
        ProcessHandle.of(pool.workerPids().get(0)).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }
}
