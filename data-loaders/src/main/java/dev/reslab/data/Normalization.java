package dev.reslab.data;

import java.util.Arrays;

/**
 * Per-channel normalisation applied after scaling pixels to [0, 1]: {@code (pixel / 255 - mean) /
 * std}. {@link #NONE} leaves the pixels in [0, 1].
 */
public record Normalization(float[] mean, float[] std) {
  /** Pixels / 255, nothing else. */
  public static final Normalization NONE =
      new Normalization(new float[] {0f, 0f, 0f}, new float[] {1f, 1f, 1f});

  /**
   * The ImageNet statistics torchvision uses (also used by the pretrained CIFAR ResNets in shared
   * data).
   */
  public static final Normalization IMAGENET =
      new Normalization(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});

  /** CIFAR-10 training-set statistics. */
  public static final Normalization CIFAR10 =
      new Normalization(
          new float[] {0.4914f, 0.4822f, 0.4465f}, new float[] {0.2470f, 0.2435f, 0.2616f});

  /** Maps [0, 1] to [-1, 1]. */
  public static final Normalization HALF =
      new Normalization(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f});

  public Normalization {
    if (mean.length != 3 || std.length != 3) {
      throw new IllegalArgumentException(
          "normalisation needs 3 means and 3 standard deviations, got "
              + mean.length
              + " and "
              + std.length);
    }
    for (float s : std) {
      if (!(s > 0)) {
        throw new IllegalArgumentException(
            "normalisation standard deviations must be > 0, got " + Arrays.toString(std));
      }
    }
    mean = mean.clone();
    std = std.clone();
  }

  @Override
  public float[] mean() {
    return mean.clone();
  }

  @Override
  public float[] std() {
    return std.clone();
  }

  /** Applies this normalisation to one pixel value in 0..255 of channel {@code c}. */
  public float apply(float pixel, int c) {
    return (pixel / 255f - mean[c]) / std[c];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Normalization n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
  }
}
