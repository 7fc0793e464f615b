package dev.chapter20.common.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder in a shared place is trusted only if this user owns it and no one else may write to it:
 * made owner-only, refused in one line otherwise.
 */
class PrivateFolderTest {

  @TempDir Path dir;

  @BeforeEach
  void posixOnly() {
    assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("unix"));
  }

  @Test
  void aNewFolderIsOwnerOnlyAndMustNotExistYet() throws IOException {
    Path folder = PrivateFolder.createNew(dir.resolve("new"));

    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
    assertThrows(FileAlreadyExistsException.class, () -> PrivateFolder.createNew(folder));
    PrivateFolder.checkOwnerOnly(folder);
  }

  @Test
  void aFolderOthersMayWriteToIsRefused() throws IOException {
    Path folder = Files.createDirectory(dir.resolve("open"));
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));

    IOException refused =
        assertThrows(IOException.class, () -> PrivateFolder.createOrCheck(folder));

    assertTrue(refused.getMessage().contains("mode 777"), refused.getMessage());
    assertTrue(refused.getMessage().contains("refusing"), refused.getMessage());
  }

  @Test
  void aCacheFolderOthersMayReadIsTrustedButASocketFolderIsNot() throws IOException {
    Path folder = Files.createDirectory(dir.resolve("readable"));
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));

    assertEquals(folder, PrivateFolder.createOrCheck(folder));
    IOException refused =
        assertThrows(IOException.class, () -> PrivateFolder.checkOwnerOnly(folder));
    assertTrue(refused.getMessage().contains("mode 755"), refused.getMessage());
  }

  @Test
  void aLinkToAFolderIsRefused() throws IOException {
    Path real = PrivateFolder.createNew(dir.resolve("real"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), real);

    IOException refused = assertThrows(IOException.class, () -> PrivateFolder.createOrCheck(link));

    assertTrue(refused.getMessage().contains("not a folder"), refused.getMessage());
  }

  @Test
  void aFolderAnotherUserOwnsIsRefused() throws IOException {
    Path folder = PrivateFolder.createNew(dir.resolve("theirs"));
    try {
      Files.setAttribute(folder, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS); // nobody
    } catch (IOException e) {
      assumeTrue(false, "giving a folder away takes root: " + e.getMessage());
    }

    IOException refused =
        assertThrows(IOException.class, () -> PrivateFolder.createOrCheck(folder));

    assertTrue(refused.getMessage().contains("belongs to user 65534"), refused.getMessage());
  }

  @Test
  void aMissingFolderIsMadeOwnerOnlyWithItsParents() throws IOException {
    Path folder = PrivateFolder.createOrCheck(dir.resolve("a/b/cache"));

    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
  }
}
