package dev.reslab.analysis.report;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The result files of a folder that other commands may be writing into while a report reads it.
 * Entries whose names start with "." are left out before they are looked at: the atomic writers put
 * their work there ({@code .NAME.*.tmp}, {@code .NAME.tmp-PID}, {@code .NAME.export-tmp/}, {@code
 * .unpack-*}/, a set-aside {@code .analysis.json.unfinished}) and rename it into place when it is
 * whole. An entry that disappears while the folder is listed, or before it is copied, is skipped:
 * the report shows the folder as it was, never fails on it.
 */
final class FolderFiles {
  private FolderFiles() {}

  /**
   * Regular files named {@code *suffix} in {@code dir} and its sub-folders down to {@code depth},
   * sorted; hidden entries and the top-level folders named in {@code skipped} left out.
   */
  static List<Path> find(Path dir, int depth, String suffix, Set<String> skipped) {
    List<Path> found = new ArrayList<>();
    try {
      Files.walkFileTree(
          dir,
          EnumSet.noneOf(FileVisitOption.class),
          depth,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
              if (d.equals(dir)) {
                return FileVisitResult.CONTINUE;
              }
              boolean top = d.getParent().equals(dir);
              return hidden(d) || (top && skipped.contains(d.getFileName().toString()))
                  ? FileVisitResult.SKIP_SUBTREE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
              if (attrs.isRegularFile()
                  && !hidden(f)
                  && f.getFileName().toString().endsWith(suffix)) {
                found.add(f);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
              return skip(f, e);
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              return e == null ? FileVisitResult.CONTINUE : skip(d, e);
            }
          });
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot list " + dir + ": " + e.getMessage());
    }
    found.sort(null);
    return found;
  }

  /**
   * Copies {@code from} to {@code to} (parents created); false when {@code from} has gone since it
   * was listed.
   */
  static boolean copy(Path from, Path to) {
    try {
      Files.createDirectories(to.getParent());
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
      return true;
    } catch (NoSuchFileException e) {
      if (Files.exists(from)) {
        throw new IllegalArgumentException("cannot copy " + from + " to " + to + ": " + e);
      }
      return false; // renamed or deleted by the command writing there
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot copy " + from + " to " + to + ": " + e.getMessage());
    }
  }

  /** Hidden entries may vanish at any time; so may anything else that is gone when looked at. */
  private static FileVisitResult skip(Path p, IOException e) throws IOException {
    if (hidden(p) || e instanceof NoSuchFileException) {
      return FileVisitResult.CONTINUE;
    }
    throw e;
  }

  private static boolean hidden(Path p) {
    return p.getFileName() != null && p.getFileName().toString().startsWith(".");
  }
}
