package dev.reslab.interop.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.reslab.ReslabException;
import dev.reslab.model.resnet.ResNetPreset;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a loopback HTTP server: the published-hash check, caching and failures. */
class WeightsDownloaderTest {
  private static final byte[] BODY = "not really weights, but bytes with a known hash".getBytes();
  private HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/models/",
        exchange -> {
          requests.incrementAndGet();
          boolean found = exchange.getRequestURI().getPath().endsWith(".pth");
          exchange.sendResponseHeaders(found ? 200 : 404, found ? BODY.length : -1);
          if (found) {
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(BODY);
            }
          }
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private PretrainedWeights weights(String file, String hashPrefix) {
    URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/models/" + file);
    return new PretrainedWeights("test", url, hashPrefix, ResNetPreset.RESNET20.config());
  }

  private static String sha256() throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(BODY));
  }

  @Test
  void downloadsChecksThePublishedPrefixAndReusesTheCache(@TempDir Path cache) throws Exception {
    PretrainedWeights w =
        weights("test-" + sha256().substring(0, 8) + ".pth", sha256().substring(0, 8));
    Path file = new WeightsDownloader().fetch(w, cache, done -> {});
    assertEquals(cache.resolve(w.fileName()), file);
    assertArrayEquals(BODY, Files.readAllBytes(file));
    assertEquals(file, new WeightsDownloader().fetch(w, cache, done -> {}));
    assertEquals(1, requests.get(), "the second fetch is served from the cache");
  }

  @Test
  void wrongHashKeepsNothing(@TempDir Path cache) throws Exception {
    PretrainedWeights w = weights("test-00000000.pth", "00000000");
    ReslabException e =
        assertThrows(
            ReslabException.class, () -> new WeightsDownloader().fetch(w, cache, done -> {}));
    assertEquals(
        "checksum mismatch for "
            + w.url()
            + ": expected sha256:00000000…, got sha256:"
            + sha256()
            + " ("
            + BODY.length
            + " bytes); nothing was kept",
        e.getMessage());
    try (Stream<Path> files = Files.list(cache)) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void httpErrorIsOneLine(@TempDir Path cache) {
    PretrainedWeights w = weights("missing.bin", "ab");
    ReslabException e =
        assertThrows(
            ReslabException.class, () -> new WeightsDownloader().fetch(w, cache, done -> {}));
    assertEquals("download of " + w.url() + " failed: HTTP 404", e.getMessage());
    assertFalse(Files.exists(cache.resolve("missing.bin")));
  }

  @Test
  void torchvisionCatalogue() {
    PretrainedWeights r18 = PretrainedWeights.torchvision("ResNet18");
    assertEquals("resnet18-f37072fd.pth", r18.fileName());
    assertTrue(r18.fileName().contains(r18.hashPrefix()));
    ReslabException e =
        assertThrows(ReslabException.class, () -> PretrainedWeights.torchvision("resnet50"));
    assertEquals("no torchvision weights named 'resnet50'; known: resnet18", e.getMessage());
  }
}
