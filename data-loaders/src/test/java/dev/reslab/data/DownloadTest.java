package dev.reslab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.reslab.data.download.Checksum;
import dev.reslab.data.download.DataDownloader;
import dev.reslab.data.download.DataVerifier;
import dev.reslab.data.download.RemoteArchive;
import dev.reslab.download.ChecksummedDownloader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads against an HTTP server on loopback started by the test. */
class DownloadTest {
  @TempDir Path tmp;
  private HttpServer server;
  private byte[] archive;

  @BeforeEach
  void serve() throws IOException {
    archive = cifarArchive();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/cifar-10-binary.tar.gz",
        ex -> {
          ex.sendResponseHeaders(200, archive.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(archive);
          }
        });
    server.createContext(
        "/cut.tar.gz",
        ex -> {
          // promises the whole archive, sends half, then hangs up
          ex.sendResponseHeaders(200, archive.length);
          OutputStream out = ex.getResponseBody();
          out.write(archive, 0, archive.length / 2);
          out.flush();
          ex.close();
        });
    server.createContext(
        "/",
        ex -> {
          ex.sendResponseHeaders(404, -1);
          ex.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /** A gzipped tar with cifar-10-batches-bin/{data_batch_1..5,test_batch}.bin of 3 records each. */
  private static byte[] cifarArchive() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
      List<String> names =
          Stream.concat(Cifar10Dataset.TRAIN_FILES.stream(), Cifar10Dataset.TEST_FILES.stream())
              .toList();
      for (String n : names) {
        byte[] content = new byte[3 * Cifar10Dataset.RECORD_BYTES];
        content[Cifar10Dataset.RECORD_BYTES] = 7;
        TarArchiveEntry e = new TarArchiveEntry("cifar-10-batches-bin/" + n);
        e.setSize(content.length);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  private Checksum md5() throws Exception {
    return Checksum.md5(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(archive)));
  }

  private RemoteArchive local(String path, Checksum sum) {
    return RemoteArchive.CIFAR10.withUrl(url(path)).withChecksum(sum);
  }

  private List<String> leftovers(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void downloadVerifiesUnpacksAndLeavesOnlyTheDataFolder() throws Exception {
    Path to = tmp.resolve("data");
    AtomicLong seen = new AtomicLong();
    Path folder =
        new DataDownloader()
            .install(
                local("/cifar-10-binary.tar.gz", md5()),
                to,
                false,
                (done, total) -> seen.set(done));
    assertEquals(to.resolve("cifar-10-batches-bin"), folder);
    assertEquals(archive.length, seen.get(), "progress reached the archive size");
    Cifar10Dataset data = Cifar10Dataset.open(to, Split.TRAIN);
    assertEquals(15, data.info().examples());
    assertEquals(
        List.of("cifar-10-batches-bin"),
        leftovers(to).stream().filter(p -> !p.contains("/")).toList());
    assertTrue(DataVerifier.verify(to).ok());
  }

  @Test
  void checksumMismatchIsAClearErrorAndNothingIsLeft() throws Exception {
    Path to = tmp.resolve("data");
    Checksum wrong = Checksum.md5("0123456789abcdef0123456789abcdef");
    DataException e =
        assertThrows(
            DataException.class,
            () ->
                new DataDownloader()
                    .install(
                        local("/cifar-10-binary.tar.gz", wrong),
                        to,
                        true,
                        ChecksummedDownloader.Progress.NONE));
    assertEquals(
        "checksum mismatch for "
            + url("/cifar-10-binary.tar.gz")
            + ": expected md5:0123456789abcdef0123456789abcdef, got "
            + md5()
            + " ("
            + archive.length
            + " bytes); nothing was kept",
        e.getMessage());
    assertEquals(List.of(), leftovers(to));
    assertFalse(Files.exists(to), "the folder the download created is removed again");
  }

  @Test
  void cutConnectionAndHttpErrorsLeaveNothing() throws Exception {
    Path to = tmp.resolve("data");
    DataException cut =
        assertThrows(
            DataException.class,
            () ->
                new DataDownloader()
                    .install(
                        local("/cut.tar.gz", md5()),
                        to,
                        false,
                        ChecksummedDownloader.Progress.NONE));
    assertTrue(
        cut.getMessage().startsWith("download of " + url("/cut.tar.gz") + " failed: "),
        cut.getMessage());
    assertFalse(cut.getMessage().contains("\n"));
    assertEquals(List.of(), leftovers(to));
    DataException missing =
        assertThrows(
            DataException.class,
            () ->
                new DataDownloader()
                    .install(
                        local("/nothing-here.tar.gz", md5()),
                        to,
                        false,
                        ChecksummedDownloader.Progress.NONE));
    assertEquals(
        "download of " + url("/nothing-here.tar.gz") + " failed: HTTP 404", missing.getMessage());
    assertEquals(List.of(), leftovers(to));
  }

  @Test
  void archiveWithoutTheExpectedFolderIsRejectedAndRemoved() throws Exception {
    Path to = tmp.resolve("data");
    RemoteArchive wrongFolder =
        new RemoteArchive("cifar10", url("/cifar-10-binary.tar.gz"), md5(), 0, "other");
    DataException e =
        assertThrows(
            DataException.class,
            () ->
                new DataDownloader()
                    .install(wrongFolder, to, false, ChecksummedDownloader.Progress.NONE));
    assertEquals(
        "cifar-10-binary.tar.gz does not contain the folder other; is it the right archive?",
        e.getMessage());
    assertEquals(List.of(), leftovers(to));
  }

  @Test
  void existingDataIsNotOverwritten() throws Exception {
    Path to = tmp.resolve("data");
    Files.createDirectories(to.resolve("cifar-10-batches-bin"));
    Files.writeString(to.resolve("cifar-10-batches-bin/mine.txt"), "keep");
    DataException e =
        assertThrows(
            DataException.class,
            () ->
                new DataDownloader()
                    .install(
                        local("/cifar-10-binary.tar.gz", md5()),
                        to,
                        false,
                        ChecksummedDownloader.Progress.NONE));
    assertEquals(
        to.resolve("cifar-10-batches-bin")
            + " already exists; remove it first or choose another folder",
        e.getMessage());
  }

  @Test
  void celebaSaysWhereToGetItAndChecksumsAreParsed() {
    assertTrue(
        assertThrows(DataException.class, () -> RemoteArchive.of("celeba"))
            .getMessage()
            .contains("https://mmlab.ie.cuhk.edu.hk/projects/CelebA.html"));
    assertEquals(
        "no download for data set 'mnist'; downloadable: cifar10, imagenet-v2",
        assertThrows(DataException.class, () -> RemoteArchive.of("mnist")).getMessage());
    assertEquals(
        Checksum.sha256("f0c37fdf925916b19ea1323cd9a2208cdb6959ba2c32eef2a7fc393835c9ca7c"),
        Checksum.parse("SHA256:F0C37FDF925916B19EA1323CD9A2208CDB6959BA2C32EEF2A7FC393835C9CA7C"));
    assertEquals(
        "a MD5 checksum is 32 hex digits, got 'xyz'",
        assertThrows(DataException.class, () -> Checksum.parse("md5:xyz")).getMessage());
  }

  @Test
  void verifierReportsWhatIsWrong() throws IOException {
    Path bin = tmp.resolve("v/cifar-10-batches-bin");
    for (String f : Cifar10Dataset.TRAIN_FILES) {
      Cifar10DatasetTest.writeBatch(bin.resolve(f), new int[] {1, 2}, 1);
    }
    Files.write(bin.resolve("test_batch.bin"), new byte[10]);
    DataVerifier.Report report = DataVerifier.verify(tmp.resolve("v"));
    assertFalse(report.ok());
    assertEquals(5, report.count(DataVerifier.Level.WARN), report.toString());
    assertEquals(
        List.of(
            bin.resolve("test_batch.bin")
                + ": size 10 bytes is not a whole number of 3073-byte "
                + "CIFAR-10 records (0 records and 10 bytes left over)"),
        report.findings().stream()
            .filter(f -> f.level() == DataVerifier.Level.ERROR)
            .map(DataVerifier.Finding::message)
            .toList());
    Files.createDirectories(tmp.resolve("empty"));
    assertEquals(
        "no data set found in "
            + tmp.resolve("empty")
            + " (looked for cifar-10-batches-bin, CIFAR-10 JPEG "
            + "train/test folders or tars, list_attr_celeba.txt, ImageNet-V2 class-index folders)",
        DataVerifier.verify(tmp.resolve("empty")).findings().get(0).message());
    assertEquals(
        tmp.resolve("none") + " is not a folder",
        DataVerifier.verify(tmp.resolve("none")).findings().get(0).message());
  }

  @Test
  void verifierOnTheSharedData() {
    Path root = TestData.real("");
    DataVerifier.Report report = DataVerifier.verify(root);
    List<String> lines = report.findings().stream().map(Object::toString).toList();
    assertTrue(
        lines.stream()
            .anyMatch(
                l ->
                    l.startsWith("WARN ")
                        && l.endsWith(
                            "test_batch.bin: 932 records (the " + "official file has 10000)")),
        lines.toString());
    assertTrue(
        lines.stream()
            .anyMatch(l -> l.contains("says 202599 images on line 1 but has 20000 rows")));
    assertTrue(
        lines.stream()
            .anyMatch(l -> l.contains("ImageNet-V2 layout, 100 images in 100 class folders")));
    assertTrue(
        lines.stream().anyMatch(l -> l.startsWith("OK ") && l.contains("SHA256SUMS: ")),
        lines.toString());
    assertTrue(
        lines.stream().noneMatch(l -> l.contains("differs from SHA256SUMS")), lines.toString());
    assertTrue(
        lines.stream()
            .anyMatch(l -> l.startsWith("ERROR celeba train: 20000 images listed, 19968 missing")));
  }
}
