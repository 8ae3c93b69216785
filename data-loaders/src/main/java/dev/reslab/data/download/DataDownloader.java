package dev.reslab.data.download;

import dev.reslab.data.DataException;
import dev.reslab.data.TarCache;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Downloads an archive, verifies its checksum while streaming, and unpacks it into the target
 * folder. The download goes to a hidden {@code .part} file and the unpacking to a hidden temporary
 * folder; only complete, verified results are moved into place, so a failure (network, checksum,
 * disk) leaves nothing half-written.
 */
public final class DataDownloader {
  /** Called with (bytes so far, total bytes or -1). */
  public interface Progress {
    void update(long done, long total);

    Progress NONE = (d, t) -> {};
  }

  private final HttpClient http;

  public DataDownloader() {
    this(
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(30))
            .build());
  }

  public DataDownloader(HttpClient http) {
    this.http = http;
  }

  /**
   * Downloads {@code archive} and unpacks it into {@code to}; returns the unpacked data folder
   * ({@code to/archive.folder()}). An existing, non-empty data folder is an error (nothing is
   * overwritten).
   */
  public Path install(RemoteArchive archive, Path to, boolean keepArchive, Progress progress) {
    Path target = to.resolve(archive.folder());
    if (Files.isDirectory(target) && !isEmpty(target)) {
      throw new DataException(
          target + " already exists; remove it first or choose another --to folder");
    }
    boolean created = !Files.exists(to);
    Path file;
    try {
      file = download(archive, to, progress);
    } catch (DataException e) {
      if (created && isEmpty(to)) {
        TarCache.deleteTree(to); // we made it, and it holds nothing
      }
      throw e;
    }
    Path tmp = null;
    try {
      tmp = Files.createTempDirectory(to, ".unpack-");
      TarCache.unpack(file, tmp);
      Path unpacked = tmp.resolve(archive.folder());
      if (!Files.isDirectory(unpacked)) {
        throw new DataException(
            archive.fileName()
                + " does not contain the folder "
                + archive.folder()
                + "; is it the right archive?");
      }
      Files.deleteIfExists(target);
      Files.move(unpacked, target, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (IOException e) {
      throw new DataException("cannot unpack " + file + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        TarCache.deleteTree(tmp);
      }
      if (!keepArchive) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // a leftover verified archive is harmless
        }
      }
    }
  }

  /**
   * Downloads {@code archive} into {@code dir} and returns the verified file. On any failure the
   * partial file is deleted and a one-line {@link DataException} says why.
   */
  public Path download(RemoteArchive archive, Path dir, Progress progress) {
    Path dest = dir.resolve(archive.fileName());
    Path part = dir.resolve("." + archive.fileName() + ".part");
    try {
      Files.createDirectories(dir);
      HttpRequest request =
          HttpRequest.newBuilder(archive.url()).timeout(Duration.ofMinutes(30)).GET().build();
      HttpResponse<InputStream> response =
          http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          throw new DataException(
              "download of " + archive.url() + " failed: HTTP " + response.statusCode());
        }
        long total =
            response
                .headers()
                .firstValueAsLong("Content-Length")
                .orElse(archive.size() > 0 ? archive.size() : -1);
        MessageDigest md = archive.checksum().newDigest();
        long done = 0;
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
        String got = HexFormat.of().formatHex(md.digest());
        if (!got.equals(archive.checksum().hex())) {
          throw new DataException(
              "checksum mismatch for "
                  + archive.url()
                  + ": expected "
                  + archive.checksum()
                  + ", got "
                  + (archive.checksum().algorithm().equals("MD5") ? "md5:" : "sha256:")
                  + got
                  + " ("
                  + done
                  + " bytes); nothing was kept");
        }
      }
      Files.move(part, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return dest;
    } catch (IOException e) {
      throw new DataException("download of " + archive.url() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DataException("download of " + archive.url() + " was interrupted", e);
    } finally {
      try {
        Files.deleteIfExists(part);
      } catch (IOException ignored) {
        // nothing more we can do
      }
    }
  }

  private static boolean isEmpty(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  /** Names of the downloadable data sets. */
  public static List<String> downloadable() {
    return RemoteArchive.ALL.stream().map(RemoteArchive::dataset).toList();
  }
}
