package dev.reslab.analysis.explain;

import dev.reslab.analysis.inputs.ImageBatch;
import dev.reslab.analysis.robustness.GaussianBlur;
import java.util.Locale;

/** What replaces masked or occluded pixels. */
public enum Baseline {
  /** Black (0 in every channel). */
  ZERO,
  /** The image's own mean colour, per channel. */
  MEAN,
  /**
   * The image blurred (Gaussian, σ = patch / 2 for occlusion, σ = width / 16 for masking): removes
   * detail only.
   */
  BLUR;

  /** {@code zero}, {@code mean} or {@code blur}. */
  public static Baseline parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(
          "unknown baseline '" + text + "'; expected zero, mean or blur");
    }
  }

  /**
   * The baseline image of image {@code n} of {@code images} (HWC in [0, 1]).
   *
   * @param blurSigma the blur's σ in pixels (used by {@link #BLUR} only)
   */
  public float[] of(ImageBatch images, int n, double blurSigma) {
    int c = images.channels();
    float[] image = images.image(n);
    float[] out = new float[image.length];
    switch (this) {
      case ZERO -> {}
      case MEAN -> {
        double[] mean = new double[c];
        for (int i = 0; i < image.length; i++) {
          mean[i % c] += image[i];
        }
        int pixels = image.length / c;
        for (int i = 0; i < out.length; i++) {
          out[i] = (float) (mean[i % c] / pixels);
        }
      }
      case BLUR -> {
        ImageBatch one = new ImageBatch(image, 1, images.height(), images.width(), c);
        out = new GaussianBlur(blurSigma).apply(one, 0).pixels();
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
