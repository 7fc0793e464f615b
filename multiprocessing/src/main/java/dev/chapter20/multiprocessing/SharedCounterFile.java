package dev.chapter20.multiprocessing;

import dev.chapter20.common.process.PrivateFolder;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileChannel.MapMode;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The memory {@link SharedCounter}'s parent and its two children share: a 64-byte file that each
 * JVM maps with {@link FileChannel#map}, so that all three read and write the same physical pages.
 * It holds three {@code long}s: the start gate, the counter, and the children's time spent adding.
 *
 * <p>The file lives in a folder of the temporary directory that only this user may enter ({@link
 * PrivateFolder}); the parent creates it and deletes it on {@link #close()}, a child only maps it.
 *
 * <p><b>Thread-safety:</b> the accessors below are atomic or ordered ({@link #LONGS}); the plain
 * {@link #buffer()} is not, which is {@link SharedCounterChild}'s broken mode.
 */
final class SharedCounterFile implements AutoCloseable {

  /** Where each {@code long} lives: byte offsets, multiples of 8, as atomic access requires. */
  static final int GATE = 0;

  static final int COUNTER = 8;
  static final int NANOS = 16;

  /** The file's size: three {@code long}s, rounded up to a cache line. */
  static final int SIZE = 64;

  /**
   * Reads and writes the buffer's bytes as {@code long}s, with atomic and ordered access modes
   * ({@code getAndAdd}, {@code getAcquire}, {@code setRelease}), at an aligned byte offset.
   */
  static final VarHandle LONGS =
      MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

  private final Path path;
  private final FileChannel channel;
  private final ByteBuffer buffer;
  private final boolean owner;

  private SharedCounterFile(Path path, boolean owner) throws IOException {
    this.path = path;
    this.owner = owner;
    this.channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      // Mapping read-write grows the parent's empty file to SIZE zero bytes. The order must be the
      // VarHandle's: a buffer's getLong is big-endian unless told otherwise.
      this.buffer = channel.map(MapMode.READ_WRITE, 0, SIZE).order(ByteOrder.nativeOrder());
      if (buffer.alignmentOffset(0, Long.BYTES) != 0) { // a mapping starts on a page: never
        throw new IOException(path + " is not mapped at an 8-byte boundary: no atomic access");
      }
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Returns this user's folder for shared files, made owner-only or checked to be. */
  static Path folder() throws IOException {
    String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
    Path folder = Path.of(System.getProperty("java.io.tmpdir"), "chapter20-shared-" + user);
    PrivateFolder.createOrCheck(folder);
    PrivateFolder.checkOwnerOnly(folder); // createOrCheck would accept rwxr-xr-x
    return folder;
  }

  /** Creates a new file of zeros in {@link #folder()} and maps it; {@link #close()} deletes it. */
  static SharedCounterFile create() throws IOException {
    // A temporary file is rw------- on POSIX; the folder already keeps other users out.
    Path path = Files.createTempFile(folder(), "counter-", ".bin");
    try {
      return new SharedCounterFile(path, true);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(path);
      throw e;
    }
  }

  /**
   * Maps the file the parent created, after checking that only this user may enter its folder: else
   * another user could have put the file there.
   */
  static SharedCounterFile open(Path path) throws IOException {
    Path folder = path.toAbsolutePath().getParent();
    if (folder == null) {
      throw new IOException(path + " is not in a folder");
    }
    PrivateFolder.checkOwnerOnly(folder);
    return new SharedCounterFile(path, false);
  }

  Path path() {
    return path;
  }

  FileChannel channel() {
    return channel;
  }

  /** Returns the mapped bytes, in native order; byte offset {@link #COUNTER} is the counter. */
  ByteBuffer buffer() {
    return buffer;
  }

  /** Reads the {@code long} at {@code offset}, seeing every write that was released before it. */
  long get(int offset) {
    return (long) LONGS.getAcquire(buffer, offset);
  }

  /** Adds {@code delta} to the {@code long} at {@code offset} atomically. */
  void add(int offset, long delta) {
    LONGS.getAndAdd(buffer, offset, delta); // the old value is dropped: a fast path of its own
  }

  /** Opens the gate: a release write, so the children see it after everything written before. */
  void openGate() {
    LONGS.setRelease(buffer, GATE, 1L);
  }

  /**
   * Spins until the parent opens the gate: both children start adding within microseconds of each
   * other, instead of one finishing before the other has started its JVM.
   */
  void awaitGate() {
    while ((long) LONGS.getAcquire(buffer, GATE) == 0) {
      Thread.onSpinWait();
    }
  }

  /**
   * Closes the channel (the mapping stays until the buffer is garbage-collected: a {@code
   * ByteBuffer} cannot be unmapped) and, in the parent, deletes the file, then the folder if no
   * other race's file is in it, so that nothing is left in the temporary directory.
   */
  @Override
  public void close() throws IOException {
    try {
      channel.close();
    } finally {
      if (owner) {
        Files.deleteIfExists(path);
        try {
          Files.deleteIfExists(path.getParent());
        } catch (DirectoryNotEmptyException e) {
          // another race of this user's runs: the last one to finish deletes the folder
        }
      }
    }
  }
}
