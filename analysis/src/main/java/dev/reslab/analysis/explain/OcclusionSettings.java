package dev.reslab.analysis.explain;

import java.util.Objects;

/**
 * How occlusion slides its patch.
 *
 * @param patch side of the square patch in pixels
 * @param stride step between patch positions in pixels; the last row and column of positions always
 *     reach the image edge, so every pixel is covered
 * @param baseline what the patch shows
 * @param batchSize occluded copies evaluated per session run
 */
public record OcclusionSettings(int patch, int stride, Baseline baseline, int batchSize) {

  public OcclusionSettings {
    if (patch < 1) {
      throw new IllegalArgumentException("occlusion patch must be at least 1 pixel, got " + patch);
    }
    if (stride < 1) {
      throw new IllegalArgumentException(
          "occlusion stride must be at least 1 pixel, got " + stride);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    Objects.requireNonNull(baseline, "baseline");
  }

  /**
   * Patch positions along an axis of {@code length} pixels: 0, stride, …, and length − patch last.
   */
  public int[] positions(int length) {
    if (patch > length) {
      throw new IllegalArgumentException(
          "occlusion patch of " + patch + " pixels is larger than the image side of " + length);
    }
    int count = (length - patch + stride - 1) / stride + 1;
    int[] p = new int[count];
    for (int i = 0; i < count; i++) {
      p[i] = Math.min(i * stride, length - patch);
    }
    return p;
  }
}
