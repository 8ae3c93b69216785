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
   * Settings for images of {@code height} × {@code width} pixels: {@code patch} and {@code stride}
   * as given, or, where 0, in proportion to the image's shorter side: a patch of a quarter of it
   * and a stride of a quarter of the patch (8 and 2 on CIFAR's 32 pixels, 56 and 14 on ImageNet's
   * 224), so every image size gets a grid of about 13 × 13 positions. Fixed CIFAR-sized defaults
   * would cover too little of a large image to lower its probability and take ~12,000 forward
   * passes per 224 × 224 image.
   */
  public static OcclusionSettings forImages(
      int height, int width, int patch, int stride, Baseline baseline, int batchSize) {
    int p = patch != 0 ? patch : Math.max(1, Math.min(height, width) / 4);
    int s = stride != 0 ? stride : Math.max(1, p / 4);
    return new OcclusionSettings(p, s, baseline, batchSize);
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
