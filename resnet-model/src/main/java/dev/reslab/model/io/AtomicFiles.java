package dev.reslab.model.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;

/**
 * Writes files and directories so a reader (or a resumed run) sees either the old content or the
 * new, never a torn one: content goes to a temporary sibling, then one rename puts it in place.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes the body of a file to a stream. */
  @FunctionalInterface
  public interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  public static void write(Path file, byte[] content) {
    write(file, out -> out.write(content));
  }

  /**
   * Writes {@code file}: parents are created, the body goes to a temporary sibling (a rename is
   * atomic only within one file system) that is flushed to disk and renamed over the target. Fails
   * with one line naming the file.
   */
  public static void write(Path file, Body body) {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
      readableByAll(tmp);
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
          OutputStream out = Channels.newOutputStream(channel)) {
        body.writeTo(out);
        out.flush();
        channel.force(true);
      }
      move(tmp, target);
      tmp = null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the original failure is the one worth reporting
        }
      }
    }
  }

  /**
   * Temporary files are created owner-only; the finished file should read like any other output.
   */
  private static void readableByAll(Path tmp) throws IOException {
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException notPosix) {
      // nothing to adjust on this file system
    }
  }

  public static void writeString(Path file, String content) {
    write(file, content.getBytes(StandardCharsets.UTF_8));
  }

  /** Renames {@code from} onto {@code to} in one step, replacing a file there. */
  public static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Points the symbolic link {@code link} at {@code target} (relative), replacing an old link in
   * one rename.
   */
  public static void symlink(Path link, Path target) {
    try {
      Path tmp = link.resolveSibling("." + link.getFileName() + ".link-tmp");
      Files.deleteIfExists(tmp);
      Files.createSymbolicLink(tmp, target);
      move(tmp, link);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot link " + link + " to " + target + ": " + e.getMessage(), e);
    }
  }

  /** Deletes a directory tree; missing is fine. */
  public static void deleteTree(Path dir) {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
    }
  }
}
