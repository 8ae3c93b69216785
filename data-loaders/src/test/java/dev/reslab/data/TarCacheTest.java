package dev.reslab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.reslab.data.download.Checksum;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarCacheTest {
  @TempDir Path tmp;
  private String previousCache;

  @BeforeEach
  void ownCache() {
    previousCache = System.getProperty("reslab.cache");
    System.setProperty("reslab.cache", tmp.resolve("cache").toString());
  }

  @AfterEach
  void restoreCache() {
    if (previousCache == null) {
      System.clearProperty("reslab.cache");
    } else {
      System.setProperty("reslab.cache", previousCache);
    }
  }

  /** A tar with one entry {@code train/<name>/x.txt} holding {@code text}. */
  private static void writeTar(Path file, String name, String text, boolean gzip)
      throws IOException {
    Files.createDirectories(file.getParent());
    try (OutputStream raw = Files.newOutputStream(file);
        OutputStream out = gzip ? new GzipCompressorOutputStream(raw) : raw;
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry e = new TarArchiveEntry("train/" + name + "/x.txt");
      e.setSize(bytes.length);
      tar.putArchiveEntry(e);
      tar.write(bytes);
      tar.closeArchiveEntry();
    }
  }

  @Test
  void archivesWithEqualNameSizeAndTimeButOtherContentNeverShareAnExtraction() throws IOException {
    Path a = tmp.resolve("a/train.tar");
    Path b = tmp.resolve("b/train.tar");
    writeTar(a, "cat", "cat", false);
    writeTar(b, "cow", "cow", false);
    FileTime time = FileTime.fromMillis(1_700_000_000_000L);
    Files.setLastModifiedTime(a, time);
    Files.setLastModifiedTime(b, time);
    assertEquals(Files.size(a), Files.size(b));
    Path fromA = TarCache.extract(a);
    Path fromB = TarCache.extract(b);
    assertNotEquals(fromA, fromB);
    assertEquals(
        List.of("cat"),
        ImageFiles.subfolders(fromA.resolve("train")).stream()
            .map(p -> p.getFileName().toString())
            .toList());
    assertEquals(
        List.of("cow"),
        ImageFiles.subfolders(fromB.resolve("train")).stream()
            .map(p -> p.getFileName().toString())
            .toList());
    // Keyed by content: a copy elsewhere reuses the extraction, which records the archive's
    // SHA-256.
    Path copy = tmp.resolve("c/renamed.tar");
    Files.createDirectories(copy.getParent());
    Files.copy(a, copy);
    assertEquals(fromA, TarCache.extract(copy));
    assertEquals(Checksum.sha256Of(a), fromA.getFileName().toString());
    assertEquals(
        Checksum.sha256Of(a) + "  " + a.toAbsolutePath() + "\n",
        Files.readString(fromA.resolve(TarCache.SOURCE_FILE)));
  }

  @Test
  void gzippedArchivesAreKeyedByTheirFileBytesToo() throws IOException {
    Path gz = tmp.resolve("g/train.tar.gz");
    writeTar(gz, "pig", "pig", true);
    Path out = TarCache.extract(gz);
    assertEquals(Checksum.sha256Of(gz), out.getFileName().toString());
    assertEquals("pig", Files.readString(out.resolve("train/pig/x.txt")));
  }
}
