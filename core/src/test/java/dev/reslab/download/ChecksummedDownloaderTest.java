package dev.reslab.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.reslab.ReslabException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from an HTTP server on loopback started by the test; no outside network. */
class ChecksummedDownloaderTest {
  private static final byte[] BODY = new byte[200_000];

  static {
    for (int i = 0; i < BODY.length; i++) {
      BODY[i] = (byte) (i * 31 + i / 7);
    }
  }

  @TempDir Path tmp;
  private HttpServer server;

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/file.bin",
        ex -> {
          ex.sendResponseHeaders(200, BODY.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(BODY);
          }
        });
    server.createContext(
        "/cut.bin",
        ex -> {
          // promises the whole file, sends half, then hangs up
          ex.sendResponseHeaders(200, BODY.length);
          OutputStream out = ex.getResponseBody();
          out.write(BODY, 0, BODY.length / 2);
          out.flush();
          ex.close();
        });
    server.createContext(
        "/missing.bin",
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

  /** The reference digest, from the JDK directly. */
  private static String hex(String algorithm) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(BODY));
  }

  /** Downloads {@code path} of the test server to {@code target} without progress. */
  private Path fetch(String path, Path target, Digest expected) {
    return new ChecksummedDownloader()
        .download(url(path), target, expected, -1, ChecksummedDownloader.Progress.NONE);
  }

  private List<String> files() throws IOException {
    try (Stream<Path> s = Files.walk(tmp)) {
      return s.filter(Files::isRegularFile).map(p -> tmp.relativize(p).toString()).toList();
    }
  }

  @Test
  void verifiedFileArrivesWithProgressUpToItsSize() throws Exception {
    List<long[]> seen = new ArrayList<>();
    Path target = tmp.resolve("sub/file.bin");
    Path got =
        new ChecksummedDownloader()
            .download(
                url("/file.bin"),
                target,
                Digest.sha256(hex("SHA-256")),
                -1,
                (done, total) -> seen.add(new long[] {done, total}));
    assertEquals(target, got);
    assertArrayEquals(BODY, Files.readAllBytes(target));
    assertEquals(List.of("sub/file.bin"), files(), "no .part file is left");
    long[] last = seen.get(seen.size() - 1);
    assertEquals(BODY.length, last[0]);
    assertEquals(BODY.length, last[1], "the total comes from Content-Length");
  }

  @Test
  void aPrefixOfTheDigestIsEnough() throws Exception {
    Path target = tmp.resolve("w-" + hex("SHA-256").substring(0, 8) + ".pth");
    fetch("/file.bin", target, Digest.sha256(hex("SHA-256").substring(0, 8)));
    assertArrayEquals(BODY, Files.readAllBytes(target));
  }

  @Test
  void mismatchNamesUrlExpectedAndActualAndKeepsNothing() throws Exception {
    Path target = tmp.resolve("file.bin");
    String wrong = "0123456789abcdef0123456789abcdef";
    ReslabException e =
        assertThrows(ReslabException.class, () -> fetch("/file.bin", target, Digest.md5(wrong)));
    assertEquals(
        "checksum mismatch for "
            + url("/file.bin")
            + ": expected md5:"
            + wrong
            + ", got md5:"
            + hex("MD5")
            + " ("
            + BODY.length
            + " bytes); nothing was kept",
        e.getMessage());
    assertEquals(List.of(), files());

    ReslabException prefix =
        assertThrows(
            ReslabException.class, () -> fetch("/file.bin", target, Digest.sha256("00000000")));
    assertTrue(
        prefix.getMessage().contains(": expected sha256:00000000…, got sha256:" + hex("SHA-256")),
        prefix.getMessage());
  }

  @Test
  void aFailedDownloadLeavesAnEarlierFileAlone() throws Exception {
    Path target = tmp.resolve("file.bin");
    Files.writeString(target, "the old copy");
    assertThrows(ReslabException.class, () -> fetch("/file.bin", target, Digest.sha256("ff")));
    assertEquals("the old copy", Files.readString(target, StandardCharsets.UTF_8));
    assertEquals(List.of("file.bin"), files());
  }

  @Test
  void httpErrorsAndCutConnectionsAreOneLineNamingTheUrl() throws Exception {
    Path target = tmp.resolve("file.bin");
    ReslabException missing =
        assertThrows(
            ReslabException.class,
            () -> fetch("/missing.bin", target, Digest.sha256(hex("SHA-256"))));
    assertEquals("download of " + url("/missing.bin") + " failed: HTTP 404", missing.getMessage());
    ReslabException cut =
        assertThrows(
            ReslabException.class, () -> fetch("/cut.bin", target, Digest.sha256(hex("SHA-256"))));
    assertTrue(
        cut.getMessage().startsWith("download of " + url("/cut.bin") + " failed: "),
        cut.getMessage());
    assertFalse(cut.getMessage().contains("\n"));
    assertTrue(cut.getCause() instanceof IOException);
    assertEquals(List.of(), files());
  }

  @Test
  void digestOfAFileMatchesTheJdkAndNamesAnUnreadableFile() throws Exception {
    Path f = tmp.resolve("f.bin");
    Files.write(f, BODY);
    assertEquals(hex("SHA-256"), Digest.of(f, "SHA-256").hex());
    assertEquals(hex("MD5"), Digest.of(f, "md5").hex());
    ReslabException e =
        assertThrows(ReslabException.class, () -> Digest.of(tmp.resolve("absent"), "SHA-256"));
    assertEquals(
        "cannot read " + tmp.resolve("absent") + ": no such file or folder", e.getMessage());
  }
}
