package dev.reslab.interop;

import dev.reslab.interop.array.FloatArray;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The exact CIFAR-10 test images of {@code test_batch.bin} (records of 1 label byte and 3072 bytes
 * of R, G, B planes) as NHWC floats, read in plain Java so the import tests do not depend on the
 * data loaders.
 *
 * @param images [N, 32, 32, 3]
 * @param labels class indices
 */
public record CifarTestImages(FloatArray images, int[] labels) {
  private static final int RECORD = 3073;

  /** Pixels divided by 255, then {@code (x - mean[c]) / std[c]} per channel. */
  public static CifarTestImages read(Path file, float[] mean, float[] std) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int n = bytes.length / RECORD;
    float[] pixels = new float[n * 32 * 32 * 3];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int base = i * RECORD;
      labels[i] = bytes[base];
      for (int c = 0; c < 3; c++) {
        for (int p = 0; p < 1024; p++) {
          float v = (bytes[base + 1 + c * 1024 + p] & 0xff) / 255f;
          pixels[(i * 1024 + p) * 3 + c] = (v - mean[c]) / std[c];
        }
      }
    }
    return new CifarTestImages(new FloatArray(new long[] {n, 32, 32, 3}, pixels), labels);
  }

  public int size() {
    return labels.length;
  }
}
