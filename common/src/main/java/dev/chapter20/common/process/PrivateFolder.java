package dev.chapter20.common.process;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * A folder in a place every user can write to (the temporary directory) that only this user may
 * use: made readable and writable by its owner alone, and, when it is already there, trusted only
 * if this user owns it and no one else can write to it.
 *
 * <p>Why: another user of the machine can create {@code /tmp/some-name} first. A program that then
 * uses it as its own lets that user plant files in it (a class archive whose classes the JVM
 * trusts) or open the sockets in it. Each check is one line of refusal, never a silent fallback.
 *
 * <p>Where the file system has no owners and modes (Windows), folders are made as the system makes
 * them and not checked.
 *
 * <p><b>Threading:</b> stateless.
 */
/*
 * Maintainers: worker JVMs call checkOwnerOnly as they start. The "unix" attribute view (uid, mode)
 * costs about 2 ms in a new JVM, the "posix" view about 8 ms: the unix view comes first.
 */
public final class PrivateFolder {

  private PrivateFolder() {}

  /**
   * Creates {@code folder}, which must not exist yet, with mode {@code rwx------}.
   *
   * @throws FileAlreadyExistsException if it exists: someone may have made it first
   */
  public static Path createNew(Path folder) throws IOException {
    if (!posix(folder)) {
      return Files.createDirectory(folder);
    }
    return Files.createDirectory(
        folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
  }

  /**
   * Creates {@code folder} (and its parents) owner-only if it is not there; if it is, checks that
   * this user owns it and that no one else may write to it.
   *
   * @throws IOException saying why the folder cannot be trusted, in one line
   */
  public static Path createOrCheck(Path folder) throws IOException {
    if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
      Path parent = folder.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try {
        return createNew(folder);
      } catch (FileAlreadyExistsException e) {
        // made by someone else meanwhile: check it below
      }
    }
    check(folder, 0022, "others may write to it");
    return folder;
  }

  /**
   * Checks that {@code folder} is a folder this user owns and no one else may enter ({@code
   * rwx------}): what a worker JVM checks before it connects to a socket in it.
   *
   * @throws IOException saying why not, in one line
   */
  public static void checkOwnerOnly(Path folder) throws IOException {
    check(folder, 0077, "others may use it");
  }

  /** Checks owner and type, and that none of the {@code forbidden} mode bits is set. */
  private static void check(Path folder, int forbidden, String why) throws IOException {
    if (!posix(folder)) {
      return;
    }
    Map<String, Object> attributes =
        Files.readAttributes(folder, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) attributes.get("mode");
    if ((mode & 0170000) != 0040000) { // S_IFMT, S_IFDIR: a link to a folder is not the folder
      throw new IOException(folder + " is not a folder: refusing to use it");
    }
    int owner = (Integer) attributes.get("uid");
    int me = currentUid();
    if (owner != me) {
      throw new IOException(
          folder + " belongs to user " + owner + ", not to this user (" + me + "): refusing it");
    }
    if ((mode & forbidden) != 0) {
      throw new IOException(
          folder
              + " has mode "
              + Integer.toOctalString(mode & 0777)
              + " ("
              + why
              + "): refusing to use it");
    }
  }

  /**
   * Returns this process's user ID: the owner of {@code /proc/self} on Linux, else of a file made
   * for the purpose (macOS has no {@code /proc}).
   */
  private static int currentUid() throws IOException {
    Path self = Path.of("/proc/self");
    if (Files.exists(self)) {
      return (Integer) Files.getAttribute(self, "unix:uid");
    }
    Path probe = Files.createTempFile("chapter20-uid", ".probe");
    try {
      return (Integer) Files.getAttribute(probe, "unix:uid");
    } finally {
      Files.deleteIfExists(probe);
    }
  }

  private static boolean posix(Path folder) {
    return folder.getFileSystem().supportedFileAttributeViews().contains("unix");
  }
}
