package dev.reslab.interop.download;

import dev.reslab.ReslabException;
import dev.reslab.download.ChecksummedDownloader;
import dev.reslab.download.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/**
 * Published weights in a cache folder: fetched once through the {@link ChecksummedDownloader} data
 * sets use too (checked against the SHA-256 prefix in the file's name), and a cached file is reused
 * after the same check.
 */
public final class WeightsDownloader {
  private final ChecksummedDownloader downloader;

  public WeightsDownloader() {
    this(new ChecksummedDownloader());
  }

  public WeightsDownloader(ChecksummedDownloader downloader) {
    this.downloader = downloader;
  }

  /**
   * {@code cache/<file name>}, downloaded if absent; {@code progress} gets the bytes received so
   * far.
   */
  public Path fetch(PretrainedWeights weights, Path cache, LongConsumer progress) {
    Path dest = cache.resolve(weights.fileName());
    Digest published = Digest.sha256(weights.hashPrefix());
    if (Files.isRegularFile(dest)) {
      Digest cached = Digest.of(dest, "SHA-256");
      if (published.matches(cached)) {
        return dest;
      }
      throw new ReslabException(
          "cached "
              + dest
              + " has "
              + cached
              + ", not the published "
              + published
              + "; delete it to download again");
    }
    try {
      return downloader.download(
          weights.url(), dest, published, -1, (done, total) -> progress.accept(done));
    } catch (ReslabException e) {
      if (!(e.getCause() instanceof IOException)) {
        throw e;
      }
      // Offline machines end here: say how to use the file without a network.
      throw new ReslabException(
          e.getMessage()
              + " (offline?); copy "
              + weights.fileName()
              + " into "
              + cache.toAbsolutePath()
              + " to use it without a network",
          e.getCause());
    }
  }

  /** The SHA-256 of a file as 64 hex digits. */
  public static String sha256(Path file) {
    return Digest.of(file, "SHA-256").hex();
  }
}
