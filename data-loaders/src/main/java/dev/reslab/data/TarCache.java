package dev.reslab.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks tar archives (optionally gzipped) into a cache folder once: {@code reslab.cache} system property,
 * {@code RESLAB_CACHE}, or {@code ~/.cache/reslab}. A half-finished extraction is never visible (it goes to a
 * temporary folder that is renamed when complete).
 */
public final class TarCache {
  private TarCache() {
  }

  /** The cache root. */
  public static Path root() {
    String p = System.getProperty("reslab.cache");
    if (p == null || p.isBlank()) {
      p = System.getenv("RESLAB_CACHE");
    }
    return p == null || p.isBlank() ? Path.of(System.getProperty("user.home"), ".cache", "reslab") : Path.of(p);
  }

  /** Extracts {@code tar} (once per file name, size and modification time) and returns the folder. */
  public static Path extract(Path tar) {
    try {
      String key = tar.getFileName() + "-" + Files.size(tar) + "-" + Files.getLastModifiedTime(tar).toMillis();
      Path target = root().resolve("extracted").resolve(key);
      if (Files.isDirectory(target)) {
        return target;
      }
      Files.createDirectories(target.getParent());
      Path tmp = Files.createTempDirectory(target.getParent(), key + ".partial-");
      try {
        unpack(tar, tmp);
        try {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException
                 | java.nio.file.DirectoryNotEmptyException raced) {
          // another process finished first; use its copy
        }
      } finally {
        deleteTree(tmp);
      }
      return target;
    } catch (IOException e) {
      throw new DataException("cannot extract " + tar + ": " + e.getMessage(), e);
    }
  }

  /** Unpacks {@code archive} (tar, gzipped or not) into {@code dest}, refusing entries that leave it. */
  public static void unpack(Path archive, Path dest) throws IOException {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
         InputStream in = isGzip(archive) ? new GzipCompressorInputStream(raw) : raw;
         ArchiveInputStream<?> tar = new TarArchiveInputStream(in)) {
      Path base = dest.toAbsolutePath().normalize();
      ArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        Path out = base.resolve(e.getName()).normalize();
        if (!out.startsWith(base)) {
          throw new DataException(archive + ": entry " + e.getName() + " points outside the archive folder");
        }
        if (e.isDirectory()) {
          Files.createDirectories(out);
        } else {
          Files.createDirectories(out.getParent());
          Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  /** By content, not name: some ".tar.gz" archives (ImageNetV2's) are plain tar. */
  private static boolean isGzip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] magic = in.readNBytes(2);
      return magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
    }
  }

  /** Deletes a folder and everything in it (no error if it is gone). */
  public static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      // best effort: a leftover temporary folder is harmless
    }
  }
}
