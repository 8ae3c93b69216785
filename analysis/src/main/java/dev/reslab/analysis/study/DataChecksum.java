package dev.reslab.analysis.study;

import dev.reslab.data.DataSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A digest of the data a study trains on, so workers on several machines can prove they hold the
 * same copy: SHA-256 over every file under the data set's folder (relative path, size and bytes, in
 * path order; hidden files and folders left out), or over the generator's settings for synthetic
 * data. It depends on the files, not on where the folder is, so each machine may keep its copy at
 * its own path.
 */
public final class DataChecksum {
  private DataChecksum() {}

  /** {@code sha256:HEX} of the data {@code spec} reads. */
  public static String of(DataSpec spec) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every Java runtime has SHA-256
    }
    if (spec.dir() == null) {
      md.update(
          ("generated " + spec.dataset() + " seed " + spec.dataSeed())
              .getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(md.digest());
    }
    Path root = Path.of(spec.dir());
    if (!Files.isDirectory(root)) {
      throw new IllegalArgumentException("the data folder " + root + " does not exist");
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files =
          walk.filter(Files::isRegularFile)
              .filter(p -> !hidden(root.relativize(p)))
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot list the data folder " + root + ": " + e.getMessage());
    }
    byte[] buf = new byte[1 << 16];
    for (Path f : files) {
      String rel = root.relativize(f).toString().replace('\\', '/');
      try (InputStream in = Files.newInputStream(f)) {
        md.update((rel + "\0" + Files.size(f) + "\0").getBytes(StandardCharsets.UTF_8));
        int n;
        while ((n = in.read(buf)) > 0) {
          md.update(buf, 0, n);
        }
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "cannot read " + f + " for the data checksum: " + e.getMessage());
      }
    }
    return "sha256:" + HexFormat.of().formatHex(md.digest());
  }

  private static boolean hidden(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }
}
