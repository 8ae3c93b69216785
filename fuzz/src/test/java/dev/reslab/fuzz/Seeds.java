package dev.reslab.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Seed inputs: real files from the shared data ({@code reslab.data} / {@code RESLAB_DATA}), read at
 * test time and never committed, and small generated files. Real seeds are cut to a size the fuzzer
 * mutates quickly.
 */
final class Seeds {
  /**
   * Big enough for every header and index seen in the real files; storages beyond it are mutated in
   * vain.
   */
  static final int REAL_SEED_BYTES = 48 * 1024;

  private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

  private Seeds() {}

  /**
   * The first {@code maxBytes} of a real data file, or empty (said once on stderr) when the data is
   * absent.
   */
  static Optional<byte[]> real(String relative, int maxBytes) {
    String root = System.getProperty("reslab.data", System.getenv("RESLAB_DATA"));
    Path file = root == null ? null : Path.of(root).resolve(relative);
    if (file == null || !Files.isRegularFile(file)) {
      if (REPORTED.add(relative)) {
        System.err.println(
            "fuzz seeds: real data file not available, seeding without it: " + relative);
      }
      return Optional.empty();
    }
    try (InputStream in = Files.newInputStream(file)) {
      return Optional.of(in.readNBytes(maxBytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Optional<byte[]> real(String relative) {
    return real(relative, REAL_SEED_BYTES);
  }

  static Arguments named(String name, byte[] bytes) {
    return Arguments.of(Named.of(name, bytes));
  }
}
