package dev.reslab.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.reslab.data.TarCache;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tar archives, gzipped or not ({@link TarCache#extract}, as image-folder data sets given a {@code
 * .tar}): the extraction must stay inside the cache folder, with the cache pointed into the
 * sandbox's writable folder.
 */
@Tag("fuzz")
class TarCacheFuzzTest {

  @MethodSource("seeds")
  @FuzzTest
  void tarCache(byte[] input) {
    try (Sandbox box = Sandbox.create()) {
      Path tar = box.write("images.tar", input);
      String before = System.setProperty("reslab.cache", box.writable().toString());
      try {
        ReaderContract.check(
            box,
            input.length,
            () -> TarCache.extract(tar),
            folder ->
                assertTrue(
                    Files.isDirectory(folder)
                        && folder
                            .toAbsolutePath()
                            .normalize()
                            .startsWith(box.writable().toAbsolutePath().normalize()),
                    "extracted into " + folder));
      } finally {
        if (before == null) {
          System.clearProperty("reslab.cache");
        } else {
          System.setProperty("reslab.cache", before);
        }
      }
    }
  }

  static Stream<Arguments> seeds() throws IOException {
    List<Arguments> seeds = new ArrayList<>();
    byte[] plain =
        tar(
            List.of(
                dir("train/"),
                file("train/cat/0001.jpg", "jpeg bytes"),
                file("train/dog/0001.jpg", "more")));
    seeds.add(Seeds.named("image folder", plain));
    seeds.add(Seeds.named("image folder, gzipped", gzip(plain)));
    seeds.add(Seeds.named("entry leaving the folder", tar(List.of(file("../outside.txt", "x")))));
    TarArchiveEntry link = new TarArchiveEntry("train/link", TarArchiveEntry.LF_SYMLINK);
    link.setLinkName("../../outside");
    seeds.add(Seeds.named("symbolic link", tar(List.of(new Entry(link, new byte[0])))));
    TarArchiveEntry hard = new TarArchiveEntry("train/hard", TarArchiveEntry.LF_LINK);
    hard.setLinkName("/etc/hostname");
    seeds.add(Seeds.named("hard link", tar(List.of(new Entry(hard, new byte[0])))));
    var real = Seeds.real("cifar10/jpeg/test.tar", 16 * 1024);
    if (real.isPresent()) {
      seeds.add(
          Seeds.named(
              "real: first entries of the CIFAR-10 JPEG test tar", firstEntries(real.get())));
    }
    return seeds.stream();
  }

  private record Entry(TarArchiveEntry header, byte[] data) {}

  private static Entry dir(String name) {
    return new Entry(new TarArchiveEntry(name), new byte[0]);
  }

  private static Entry file(String name, String text) {
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(data.length);
    return new Entry(e, data);
  }

  private static byte[] tar(List<Entry> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
      for (Entry e : entries) {
        out.putArchiveEntry(e.header());
        out.write(e.data());
        out.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GzipCompressorOutputStream out = new GzipCompressorOutputStream(bytes)) {
      out.write(data);
    }
    return bytes.toByteArray();
  }

  /** The whole entries at the start of a real archive, written again as a complete tar. */
  private static byte[] firstEntries(byte[] head) throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(head))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        byte[] data = ((InputStream) in).readNBytes((int) e.getSize());
        if (data.length < e.getSize()) {
          break;
        }
        entries.add(new Entry(e, data));
      }
    } catch (IOException cut) {
      // the cut-off entry at the end
    }
    return tar(entries);
  }
}
