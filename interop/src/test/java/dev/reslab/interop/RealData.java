package dev.reslab.interop;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared real data directory ({@code -Dreslab.data}); tests needing a file skip when it is
 * absent.
 */
public final class RealData {
  private RealData() {}

  /** {@code relative} under the data directory, skipping the calling test when it is not there. */
  public static Path require(String relative) {
    String dir = System.getProperty("reslab.data", System.getenv("RESLAB_DATA"));
    assumeTrue(dir != null, "no reslab.data directory configured");
    Path p = Path.of(dir).resolve(relative);
    assumeTrue(Files.exists(p), "real data not present: " + p);
    return p;
  }
}
