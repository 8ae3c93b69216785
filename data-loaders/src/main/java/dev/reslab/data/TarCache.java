package dev.reslab.data;

import dev.reslab.data.download.Checksum;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks tar archives (optionally gzipped) into a cache folder once: {@code reslab.cache} system
 * property, {@code RESLAB_CACHE}, or {@code ~/.cache/reslab}. A half-finished extraction is never
 * visible (it goes to a temporary folder that is renamed when complete).
 */
public final class TarCache {
  private TarCache() {}

  /** The cache root. */
  public static Path root() {
    String p = System.getProperty("reslab.cache");
    if (p == null || p.isBlank()) {
      p = System.getenv("RESLAB_CACHE");
    }
    return p == null || p.isBlank()
        ? Path.of(System.getProperty("user.home"), ".cache", "reslab")
        : Path.of(p);
  }

  /**
   * Extracts {@code tar} once per content and returns the folder, {@code extracted/<sha256>} under
   * the cache root: two different archives never share an extraction, whatever their names, sizes
   * and times.
   */
  public static Path extract(Path tar) {
    try {
      String sha256 = Checksum.sha256Of(tar);
      Path target = root().resolve("extracted").resolve(sha256);
      if (Files.isDirectory(target)) {
        return target;
      }
      Files.createDirectories(target.getParent());
      Path tmp = Files.createTempDirectory(target.getParent(), sha256 + ".partial-");
      try {
        String unpacked = unpack(tar, tmp, Checksum.sha256("0".repeat(64)).newDigest());
        if (!unpacked.equals(sha256)) {
          throw new DataException(tar + " changed while it was being extracted; try again");
        }
        Files.writeString(tmp.resolve(SOURCE_FILE), sha256 + "  " + tar.toAbsolutePath() + "\n");
        try {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException
            | AtomicMoveNotSupportedException
            | DirectoryNotEmptyException raced) {
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

  /**
   * In each extraction: the archive's SHA-256 and where it was, as {@code sha256sum} prints them.
   */
  public static final String SOURCE_FILE = ".reslab-sha256";

  /**
   * Unpacks {@code archive} (tar, gzipped or not) into {@code dest}, refusing entries that leave
   * it.
   */
  public static void unpack(Path archive, Path dest) throws IOException {
    unpack(archive, dest, null);
  }

  /**
   * As {@link #unpack(Path, Path)}, digesting the archive's bytes on the way; returns the hex
   * digest (or null).
   */
  private static String unpack(Path archive, Path dest, MessageDigest digest) throws IOException {
    InputStream file = Files.newInputStream(archive);
    if (digest != null) {
      file = new DigestInputStream(file, digest);
    }
    try (InputStream raw = new BufferedInputStream(file, 1 << 16);
        InputStream in = isGzip(archive) ? new GzipCompressorInputStream(raw) : raw;
        ArchiveInputStream<?> tar = new TarArchiveInputStream(in)) {
      Path base = dest.toAbsolutePath().normalize();
      ArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        Path out = base.resolve(e.getName()).normalize();
        if (!out.startsWith(base)) {
          throw new DataException(
              archive + ": entry " + e.getName() + " points outside the archive folder");
        }
        if (out.equals(base) && !e.isDirectory()) {
          // "." or "" as a file would replace the extraction folder itself
          throw new DataException(
              archive + ": entry '" + e.getName() + "' is a file named like the archive folder");
        }
        if (e.isDirectory()) {
          Files.createDirectories(out);
        } else {
          Files.createDirectories(out.getParent());
          Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      if (digest == null) {
        return null;
      }
      raw.transferTo(
          OutputStream
              .nullOutputStream()); // the tar's end padding, so the digest covers the whole file
    }
    return HexFormat.of().formatHex(digest.digest());
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
      s.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
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
