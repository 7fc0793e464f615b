package dev.chapter20.cluster.members;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chapter20.common.RecordingSink;
import dev.chapter20.common.process.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** How a local cluster's members end: stopped cleanly by {@code close()}, or killed. */
class LocalClusterTest {

  @Test
  @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void closeStopsEveryMemberCleanlyAndAKilledOneIsGoneAtOnce() throws Exception {
    List<ChildJvm> members;
    ChildJvm killed;
    try (LocalCluster cluster = LocalCluster.start(3, new RecordingSink())) {
      members = cluster.members();
      killed = members.get(2);

      cluster.kill(cluster.addresses().get(2).port());

      assertFalse(killed.isAlive(), "kill() returns once the process is gone");
      assertTrue(members.get(0).isAlive() && members.get(1).isAlive());
    }

    // The two left exited by themselves when their input closed: exit code 0, not a kill's.
    assertEquals(0, members.get(0).waitFor(Duration.ofSeconds(1)));
    assertEquals(0, members.get(1).waitFor(Duration.ofSeconds(1)));
    assertTrue(killed.waitFor(Duration.ofSeconds(1)) != 0, "the killed one did not exit cleanly");
  }

  @Test
  @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void anAotCacheFolderOthersMayWriteToIsRefusedBeforeAnyMemberStarts(@TempDir Path parent)
      throws Exception {
    Path folder = Files.createDirectory(parent.resolve("shared"));
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));

    IOException refused =
        assertThrows(IOException.class, () -> LocalCluster.start(2, new RecordingSink(), folder));

    assertTrue(refused.getMessage().contains(folder.toString()), refused.getMessage());
    assertEquals(
        0,
        ProcessHandle.current()
            .descendants()
            .filter(p -> p.info().commandLine().orElse("").contains(Member.class.getName()))
            .count(),
        "no member was started");
  }
}
