package dev.chapter20.executors.pool.transport;

import dev.chapter20.common.process.PrivateFolder;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The folder of a pool's worker sockets, in the temporary directory: {@code
 * chapter20-pool-<pid>-<random>}, made owner-only before any worker starts, and gone after every
 * way a pool can end.
 *
 * <ul>
 *   <li>{@code close()}, {@code shutdownNow()} or a failed start: the pool deletes it;
 *   <li>the JVM exits without {@code close()}: a shutdown hook deletes it;
 *   <li>the JVM is killed ({@code kill -9}): each worker, seeing its parent gone, deletes its
 *       socket and then the folder, which only the last one finds empty;
 *   <li>and if no worker was left to do that, the next pool of this user deletes the folders whose
 *       owner process ({@code <pid>}) has ended.
 * </ul>
 *
 * Why both of the last two: a worker cleans up within a fraction of a second of its parent's end
 * (it checks five times a second), without waiting for another pool; but a worker that died first
 * cannot, and then only someone who finds the folder later can. The sweep never touches a folder
 * another user owns, or one whose owner is still running (a reused process ID only delays it).
 *
 * <p><b>Threading:</b> thread-safe.
 */
final class SocketFolder {

  static final String PREFIX = "chapter20-pool-";

  /** The folders of this JVM's pools that are not deleted yet, for the shutdown hook. */
  private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> OPEN.forEach(SocketFolder::deleteQuietly), "socket-folder-cleaner"));
  }

  private SocketFolder() {}

  /** Makes a new folder, owner-only. */
  static Path create() throws IOException {
    String name =
        PREFIX + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(Secret.random(8));
    Path folder = PrivateFolder.createNew(temporaryDirectory().resolve(name));
    OPEN.add(folder);
    return folder;
  }

  /** Deletes {@code folder} and what is left in it. */
  static void delete(Path folder) {
    deleteQuietly(folder);
    OPEN.remove(folder);
  }

  /**
   * What a worker does when its parent has gone: deletes its socket, then the folder, which only
   * the last worker finds empty.
   */
  static void workerGone(Path socket) {
    try {
      Files.deleteIfExists(socket);
      Files.deleteIfExists(socket.getParent());
    } catch (IOException e) {
      // another worker's socket is still there: that worker deletes the folder
    }
  }

  /** Deletes this user's socket folders whose owner process has ended. */
  static void sweepDeadOwners() {
    long self = ProcessHandle.current().pid();
    try (DirectoryStream<Path> folders =
        Files.newDirectoryStream(temporaryDirectory(), PREFIX + "*")) {
      for (Path folder : folders) {
        long owner = ownerPid(folder.getFileName().toString());
        if (owner > 0 && owner != self && !alive(owner) && isMine(folder)) {
          deleteQuietly(folder);
        }
      }
    } catch (IOException | RuntimeException e) {
      // only a clean-up: what is left is tried again by the next pool
    }
  }

  /** The process ID in {@code chapter20-pool-<pid>-<random>}, or -1 for another name. */
  static long ownerPid(String name) {
    int end = name.indexOf('-', PREFIX.length());
    try {
      return end < 0 ? -1 : Long.parseLong(name.substring(PREFIX.length(), end));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static boolean isMine(Path folder) {
    try {
      PrivateFolder.checkOwnerOnly(folder);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Path temporaryDirectory() {
    return Path.of(System.getProperty("java.io.tmpdir"));
  }

  private static void deleteQuietly(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(folder);
    } catch (IOException e) {
      // gone already, or a leftover the next pool's sweep tries again
    }
  }
}
