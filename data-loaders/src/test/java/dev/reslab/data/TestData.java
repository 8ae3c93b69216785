package dev.reslab.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test support: the shared real data (skipping when absent), a cache folder, and a minimal .npy
 * reader.
 */
final class TestData {
  private TestData() {}

  /** {@code reslab.data}/{@code sub}, or the test is skipped. */
  static Path real(String sub) {
    String root = System.getProperty("reslab.data", System.getenv("RESLAB_DATA"));
    assumeTrue(
        root != null && Files.exists(Path.of(root).resolve(sub)),
        "real data not available: " + sub);
    return Path.of(root).resolve(sub);
  }

  /** Extracted archives go under target/, never into the sources. */
  static void useBuildCache() {
    if (System.getProperty("reslab.cache") == null) {
      System.setProperty(
          "reslab.cache", Path.of("target", "reslab-cache").toAbsolutePath().toString());
    }
  }

  /**
   * float32 little-endian C-order .npy → flat array (shape checked by the caller via the returned
   * length).
   */
  static float[] readNpyFloats(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    int major = all[6];
    int headerLen = major == 1 ? b.getShort(8) & 0xffff : b.getInt(8);
    int start = (major == 1 ? 10 : 12) + headerLen;
    String header = new String(all, major == 1 ? 10 : 12, headerLen, StandardCharsets.US_ASCII);
    if (!header.contains("'<f4'") || header.contains("'fortran_order': True")) {
      throw new IOException("unexpected npy header " + header);
    }
    float[] out = new float[(all.length - start) / 4];
    b.position(start);
    b.asFloatBuffer().get(out);
    return out;
  }
}
