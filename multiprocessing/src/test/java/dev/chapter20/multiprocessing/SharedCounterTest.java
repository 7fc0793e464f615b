package dev.chapter20.multiprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.chapter20.common.RecordingSink;
import dev.chapter20.multiprocessing.SharedCounter.Mode;
import dev.chapter20.multiprocessing.SharedCounter.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Races two child JVMs on one counter in a mapped file: a plain read-add-write loses updates across
 * processes; an atomic add and an add under a file lock lose none.
 */
@Timeout(120)
@ExtendWith(NoChildProcessLeft.class)
class SharedCounterTest {

  /** A race of two fresh JVMs may by chance not overlap (2 cores, other work): a few tries. */
  private static final int ATTEMPTS = 5;

  private final RecordingSink sink = new RecordingSink();

  @Test
  void plainReadAddWriteLosesUpdatesAcrossTwoJvms() throws Exception {
    List<Long> lost = new ArrayList<>();
    while (lost.size() < ATTEMPTS && lost.stream().noneMatch(l -> l > 0)) {
      Result plain = SharedCounter.race(sink, Mode.PLAIN, SharedCounter.INCREMENTS);
      assertTrue(plain.value() <= plain.expected(), "more than was added: " + plain);
      lost.add(plain.lost());
    }

    assertTrue(lost.stream().anyMatch(l -> l > 0), "no update lost in " + lost.size() + " races");
  }

  @RepeatedTest(3)
  void atomicGetAndAddLosesNone() throws Exception {
    Result atomic = SharedCounter.race(sink, Mode.ATOMIC, SharedCounter.INCREMENTS);

    assertEquals(2_000_000, atomic.value());
    assertEquals(0, atomic.lost());
  }

  @RepeatedTest(3)
  void addingUnderAFileLockLosesNone() throws Exception {
    Result locked = SharedCounter.race(sink, Mode.FILE_LOCK, SharedCounter.LOCKED_INCREMENTS);

    assertEquals(2L * SharedCounter.LOCKED_INCREMENTS, locked.value());
    assertEquals(0, locked.lost());
  }

  @Test
  void bothChildrenWaitAtTheGateAndAddOnlyOnceItIsOpen() throws Exception {
    SharedCounter.race(sink, Mode.ATOMIC, 1_000);

    List<String> texts = sink.texts();
    int opened = texts.indexOf("atomic: both children at the gate; opening it");
    for (String child : List.of("child-1-stdout", "child-2-stdout")) {
      List<String> lines = sink.textsFrom(child);
      assertEquals(2, lines.size(), lines.toString());
      assertEquals(SharedCounterChild.AT_THE_GATE, lines.get(0));
      assertTrue(lines.get(1).startsWith("added one 1,000 times in "), lines.get(1));
      assertTrue(texts.indexOf(lines.get(0)) < opened, texts.toString());
      assertTrue(texts.lastIndexOf(lines.get(1)) > opened, texts.toString());
    }
  }

  @Test
  void theFileAndItsFolderAreDeletedAfterTheRace() throws Exception {
    Result result = SharedCounter.race(sink, Mode.ATOMIC, 1_000);

    assertFalse(Files.exists(result.file()), result.file() + " is still there");
    assertFalse(Files.exists(result.file().getParent()), "the folder is still there");
  }

  @Test
  void theFolderIsOwnerOnly() throws Exception {
    Path folder = SharedCounterFile.folder();
    try {
      assumeTrue(folder.getFileSystem().supportedFileAttributeViews().contains("posix"));
      assertEquals(
          "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
      assertEquals(System.getProperty("user.name"), Files.getOwner(folder).getName());
    } finally {
      Files.deleteIfExists(folder);
    }
  }
}
