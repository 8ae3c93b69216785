package dev.reslab.interop.download;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.LongConsumer;

/**
 * Fetches published weights into a cache folder, hashing while streaming. The download goes to a
 * hidden {@code .part} file that is renamed into place only when its SHA-256 starts with the
 * published prefix; a cached file is reused after the same check.
 */
public final class WeightsDownloader {
  private final HttpClient http;

  public WeightsDownloader() {
    this(
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(30))
            .build());
  }

  public WeightsDownloader(HttpClient http) {
    this.http = http;
  }

  /**
   * {@code cache/<file name>}, downloaded if absent; {@code progress} gets the bytes received so
   * far.
   */
  public Path fetch(PretrainedWeights weights, Path cache, LongConsumer progress) {
    Path dest = cache.resolve(weights.fileName());
    if (Files.isRegularFile(dest)) {
      String hash = sha256(dest);
      if (hash.startsWith(weights.hashPrefix())) {
        return dest;
      }
      throw new IllegalArgumentException(
          "cached "
              + dest
              + " has SHA-256 "
              + hash
              + ", not the published "
              + weights.hashPrefix()
              + "…; delete it to download again");
    }
    Path part = cache.resolve("." + weights.fileName() + ".part");
    try {
      Files.createDirectories(cache);
      HttpRequest request =
          HttpRequest.newBuilder(weights.url()).timeout(Duration.ofMinutes(30)).GET().build();
      HttpResponse<InputStream> response =
          http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      MessageDigest md = digest();
      long done = 0;
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          throw new IllegalArgumentException(
              "download of " + weights.url() + " failed: HTTP " + response.statusCode());
        }
        try (OutputStream out = Files.newOutputStream(part)) {
          byte[] buf = new byte[1 << 16];
          int n;
          while ((n = body.read(buf)) > 0) {
            out.write(buf, 0, n);
            md.update(buf, 0, n);
            done += n;
            progress.accept(done);
          }
        }
      }
      String hash = HexFormat.of().formatHex(md.digest());
      if (!hash.startsWith(weights.hashPrefix())) {
        throw new IllegalArgumentException(
            "download of "
                + weights.url()
                + " has SHA-256 "
                + hash
                + ", not the published "
                + weights.hashPrefix()
                + "… ("
                + done
                + " bytes); nothing was kept");
      }
      Files.move(part, dest, StandardCopyOption.ATOMIC_MOVE);
      return dest;
    } catch (IOException e) {
      // Offline machines end here: say so in one line, and how to use the file without a network.
      throw new UncheckedIOException(
          "cannot download "
              + weights.url()
              + " ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + "; offline?); copy "
              + weights.fileName()
              + " into "
              + cache.toAbsolutePath()
              + " to use it without a network",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("download of " + weights.url() + " was interrupted", e);
    } finally {
      try {
        Files.deleteIfExists(part);
      } catch (IOException ignored) {
        // a leftover .part file is harmless and replaced next time
      }
    }
  }

  /** The SHA-256 of a file as 64 hex digits. */
  public static String sha256(Path file) {
    MessageDigest md = digest();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
