package dev.reslab.interop.savedmodel;

import dev.reslab.ReslabException;
import dev.reslab.interop.array.FloatArray;
import java.util.Arrays;

/**
 * What a model expects done to raw pixels: {@code (x * scale - mean[c]) / std[c]} over the last
 * (channel) axis.
 *
 * @param scale multiplier of raw values, e.g. {@code 1/255}
 * @param mean per-channel means subtracted after scaling (empty: none; one value: every channel)
 * @param std per-channel divisors (empty: none; one value: every channel)
 */
public record Preprocessing(float scale, float[] mean, float[] std) {

  /** Values passed as they are. */
  public static final Preprocessing NONE = new Preprocessing(1f, new float[0], new float[0]);

  /**
   * ImageNet's statistics on pixels scaled to [0, 1], as torchvision and the He et al. CIFAR
   * ResNets use.
   */
  public static final Preprocessing IMAGENET =
      new Preprocessing(
          1f / 255f, new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});

  public Preprocessing {
    mean = mean.clone();
    std = std.clone();
    for (float s : std) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("std values must be > 0, got " + Arrays.toString(std));
      }
    }
  }

  /** Pixels divided by 255 and nothing else (Keras models trained on {@code x / 255}). */
  public static Preprocessing scaleOnly(float scale) {
    return new Preprocessing(scale, new float[0], new float[0]);
  }

  /** Parses a scale such as {@code 1/255}, {@code 0.5} or {@code 1}. */
  public static float parseScale(String text) {
    String t = text.trim();
    try {
      int slash = t.indexOf('/');
      return slash < 0
          ? Float.parseFloat(t)
          : Float.parseFloat(t.substring(0, slash)) / Float.parseFloat(t.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new ReslabException(
          "pixel scale '" + text + "' is not a number or a fraction like 1/255");
    }
  }

  public boolean isIdentity() {
    return scale == 1f && mean.length == 0 && std.length == 0;
  }

  /**
   * A new array with the preprocessing applied; the channel count must match mean/std when they
   * have several.
   */
  public FloatArray apply(FloatArray raw) {
    if (isIdentity()) {
      return raw;
    }
    long[] shape = raw.shape();
    int channels = shape.length == 0 ? 1 : (int) shape[shape.length - 1];
    check("mean", mean, channels);
    check("std", std, channels);
    float[] in = raw.values();
    float[] out = new float[in.length];
    for (int i = 0; i < in.length; i++) {
      int c = i % channels;
      float v = in[i] * scale;
      if (mean.length > 0) {
        v -= mean[mean.length == 1 ? 0 : c];
      }
      if (std.length > 0) {
        v /= std[std.length == 1 ? 0 : c];
      }
      out[i] = v;
    }
    return new FloatArray(shape, out);
  }

  private static void check(String what, float[] values, int channels) {
    if (values.length > 1 && values.length != channels) {
      throw new ReslabException(
          what + " has " + values.length + " values but the input has " + channels + " channels");
    }
  }
}
