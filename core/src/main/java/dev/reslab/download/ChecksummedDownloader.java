package dev.reslab.download;

import dev.reslab.ReslabException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Downloads a published file and proves it is the one published: the bytes stream into a hidden
 * {@code .part} file beside the target while their digest is computed, and only a file whose digest
 * matches is renamed (atomically) into place. Every failure (network, HTTP status, checksum, disk)
 * leaves no file behind and ends in a one-line {@link ReslabException} naming the URL, and for a
 * checksum the expected and the actual digest. Data sets and pretrained weights both come through
 * here.
 */
public final class ChecksummedDownloader {
  /** Called with (bytes so far, total bytes or -1) as the download proceeds. */
  public interface Progress {
    void update(long done, long total);

    Progress NONE = (d, t) -> {};
  }

  private final HttpClient http;

  public ChecksummedDownloader() {
    this(
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(30))
            .build());
  }

  public ChecksummedDownloader(HttpClient http) {
    this.http = http;
  }

  /**
   * Downloads {@code url} to {@code target} (its folder is created) and returns {@code target}.
   *
   * @param expected the published digest (or its first digits)
   * @param size the published size in bytes for progress when the server sends none, or -1
   */
  public Path download(URI url, Path target, Digest expected, long size, Progress progress) {
    Path part = target.resolveSibling("." + target.getFileName() + ".part");
    try {
      Files.createDirectories(target.toAbsolutePath().getParent());
      HttpRequest request =
          HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(30)).GET().build();
      HttpResponse<InputStream> response =
          http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      MessageDigest md = Digest.newDigest(expected.algorithm());
      long done = 0;
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          throw new ReslabException(
              "download of " + url + " failed: HTTP " + response.statusCode());
        }
        long total = response.headers().firstValueAsLong("Content-Length").orElse(size);
        try (OutputStream out = Files.newOutputStream(part)) {
          byte[] buf = new byte[1 << 16];
          int n;
          while ((n = body.read(buf)) > 0) {
            out.write(buf, 0, n);
            md.update(buf, 0, n);
            done += n;
            progress.update(done, total);
          }
        }
      }
      Digest actual = new Digest(expected.algorithm(), HexFormat.of().formatHex(md.digest()));
      if (!expected.matches(actual)) {
        throw new ReslabException(
            "checksum mismatch for "
                + url
                + ": expected "
                + expected
                + ", got "
                + actual
                + " ("
                + done
                + " bytes); nothing was kept");
      }
      Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (IOException e) {
      throw new ReslabException("download of " + url + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReslabException("download of " + url + " was interrupted", e);
    } finally {
      try {
        Files.deleteIfExists(part);
      } catch (IOException ignored) {
        // a leftover .part file is harmless and replaced next time
      }
    }
  }
}
