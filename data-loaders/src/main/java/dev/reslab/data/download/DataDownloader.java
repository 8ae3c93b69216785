package dev.reslab.data.download;

import dev.reslab.ReslabException;
import dev.reslab.data.DataException;
import dev.reslab.data.TarCache;
import dev.reslab.download.ChecksummedDownloader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Downloads a data set's archive (through the {@link ChecksummedDownloader} weights use too) and
 * unpacks it into the target folder. The unpacking goes to a hidden temporary folder; only
 * complete, verified results are moved into place, so a failure (network, checksum, disk) leaves
 * nothing half-written.
 */
public final class DataDownloader {
  private final ChecksummedDownloader downloader;

  public DataDownloader() {
    this(new ChecksummedDownloader());
  }

  public DataDownloader(ChecksummedDownloader downloader) {
    this.downloader = downloader;
  }

  /**
   * Downloads {@code archive} and unpacks it into {@code to}; returns the unpacked data folder
   * ({@code to/archive.folder()}). An existing, non-empty data folder is an error (nothing is
   * overwritten).
   */
  public Path install(
      RemoteArchive archive,
      Path to,
      boolean keepArchive,
      ChecksummedDownloader.Progress progress) {
    Path target = to.resolve(archive.folder());
    if (Files.isDirectory(target) && !isEmpty(target)) {
      throw new DataException(target + " already exists; remove it first or choose another folder");
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
  public Path download(RemoteArchive archive, Path dir, ChecksummedDownloader.Progress progress) {
    try {
      return downloader.download(
          archive.url(),
          dir.resolve(archive.fileName()),
          archive.checksum().digest(),
          archive.size() > 0 ? archive.size() : -1,
          progress);
    } catch (ReslabException e) {
      throw new DataException(e.getMessage(), e.getCause());
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
