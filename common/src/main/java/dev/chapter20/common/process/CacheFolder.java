package dev.chapter20.common.process;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Keeps a folder of files made for start-up speed (class archives, AOT caches) from growing with
 * every rebuild: each new jar gets a file of its own, and the old ones would stay forever.
 *
 * <p><b>Threading:</b> stateless. Two JVMs may prune one folder at once: a file deleted under a JVM
 * that maps it stays mapped (Linux, macOS), and a JVM that finds its file gone makes another.
 */
public final class CacheFolder {

  private CacheFolder() {}

  /**
   * Deletes the oldest files of {@code folder} that match {@code glob} (by last modification) until
   * at most {@code keep} are left. Never throws: a file that cannot be deleted stays.
   */
  public static void keepNewest(Path folder, String glob, int keep) {
    record Entry(Path path, FileTime modified) {}
    List<Entry> files = new ArrayList<>();
    try (DirectoryStream<Path> matching = Files.newDirectoryStream(folder, glob)) {
      for (Path file : matching) {
        files.add(new Entry(file, Files.getLastModifiedTime(file)));
      }
    } catch (IOException e) {
      return; // only space on a disk: the next pruning tries again
    }
    files.sort(Comparator.comparing(Entry::modified).reversed());
    for (Entry old : files.subList(Math.min(keep, files.size()), files.size())) {
      try {
        Files.deleteIfExists(old.path());
      } catch (IOException e) {
        // stays until the next pruning
      }
    }
  }
}
