package dev.reslab.analysis.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file through a temporary sibling and a rename, so readers (and a crash) see the old content or the new
 * content, never half of it. The temporary file lives in the target's folder because a rename is only atomic within
 * one file system.
 */
public final class AtomicFile {

  /** Writes the body of a file to a stream. */
  @FunctionalInterface
  public interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFile() {
  }

  /** Writes {@code text} as UTF-8 to {@code target}, replacing it atomically. */
  public static void writeString(Path target, String text) {
    write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Writes {@code target} atomically: parents are created, the body goes to a temporary file that is flushed to disk
   * and then renamed over the target.
   *
   * @throws UncheckedIOException with a one-line message naming the target when anything fails
   */
  public static void write(Path target, Body body) {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    Path temp = null;
    try {
      Files.createDirectories(dir);
      temp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
      readableByAll(temp);
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
           OutputStream out = Channels.newOutputStream(channel)) {
        body.writeTo(out);
        out.flush();
        channel.force(true);
      }
      try {
        Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
      temp = null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e, e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // the original failure is the one worth reporting
        }
      }
    }
  }

  /** Temporary files are created owner-only; the finished file should read like any other output. */
  private static void readableByAll(Path temp) throws IOException {
    try {
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the default ACL is fine
    }
  }
}
