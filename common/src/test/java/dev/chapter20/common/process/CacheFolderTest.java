package dev.chapter20.common.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cache folder keeps its newest files, whatever else it holds. */
class CacheFolderTest {

  @TempDir Path folder;

  @Test
  void onlyTheNewestMatchingFilesAreKept() throws IOException {
    for (int build = 1; build <= 20; build++) { // twenty rebuilds, each with an archive of its own
      Path archive = Files.createFile(folder.resolve("build-" + build + ".jsa"));
      Files.setLastModifiedTime(archive, FileTime.fromMillis(1_000_000L * build));
    }
    Files.createFile(folder.resolve("notes.txt"));

    CacheFolder.keepNewest(folder, "*.jsa", 16);

    List<String> expected =
        IntStream.rangeClosed(5, 20).mapToObj(build -> "build-" + build + ".jsa").sorted().toList();
    assertEquals(expected, names("*.jsa"));
    assertEquals(List.of("notes.txt"), names("*.txt"));
  }

  @Test
  void aFolderWithFewerFilesIsLeftAlone() throws IOException {
    Files.createFile(folder.resolve("a.aot"));

    CacheFolder.keepNewest(folder, "*.aot", 4);
    CacheFolder.keepNewest(folder.resolve("missing"), "*.aot", 4); // no folder: nothing to do

    assertEquals(List.of("a.aot"), names("*.aot"));
  }

  private List<String> names(String glob) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(
              file ->
                  folder.getFileSystem().getPathMatcher("glob:" + glob).matches(file.getFileName()))
          .map(file -> file.getFileName().toString())
          .sorted()
          .toList();
    }
  }
}
