package dev.reslab.analysis.explain;

import java.awt.Color;

/**
 * Heatmaps as pictures: a jet-like colour map (blue → cyan → yellow → red) and its alpha blend over
 * an image, for maps scaled to [0, 1].
 */
public final class Heatmaps {
  private Heatmaps() {}

  /** {@code map / max(map)}; a map whose maximum is not positive becomes all zeros. */
  public static float[] scaleToUnit(float[] map) {
    float max = 0f;
    for (float v : map) {
      max = Math.max(max, v);
    }
    float[] out = new float[map.length];
    if (max > 0f) {
      for (int i = 0; i < map.length; i++) {
        out[i] = Math.max(0f, map[i] / max);
      }
    }
    return out;
  }

  /**
   * {@code (map − min) / (max − min)}; a flat map becomes all zeros (for maps with negative
   * values).
   */
  public static float[] minMax(float[] map) {
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (float v : map) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    float[] out = new float[map.length];
    if (max > min) {
      for (int i = 0; i < map.length; i++) {
        out[i] = (map[i] - min) / (max - min);
      }
    }
    return out;
  }

  /** The colour of value v in [0, 1]: RGB in [0, 1]. */
  public static float[] color(float v) {
    float t = Math.min(1f, Math.max(0f, v));
    // piecewise linear jet: each channel is a clipped tent 4t − shift
    float r = clip(1.5f - Math.abs(4f * t - 3f));
    float g = clip(1.5f - Math.abs(4f * t - 2f));
    float b = clip(1.5f - Math.abs(4f * t - 1f));
    return new float[] {r, g, b};
  }

  /** The colour of value v in [0, 1], for a colour bar. */
  public static Color awtColor(double v) {
    float[] c = color((float) v);
    return new Color(c[0], c[1], c[2]);
  }

  /** {@code map / scale}, clipped to [0, 1]: a map on a stated scale rather than its own. */
  public static float[] onScale(float[] map, float scale) {
    if (!(scale > 0f)) {
      throw new IllegalArgumentException("a heatmap scale must be positive, got " + scale);
    }
    float[] out = new float[map.length];
    for (int i = 0; i < map.length; i++) {
      out[i] = Math.max(0f, Math.min(1f, map[i] / scale));
    }
    return out;
  }

  /** A map in [0, 1] (H × W) as an RGB HWC image. */
  public static float[] colorize(float[] map) {
    float[] out = new float[map.length * 3];
    for (int i = 0; i < map.length; i++) {
      float[] c = color(map[i]);
      System.arraycopy(c, 0, out, i * 3, 3);
    }
    return out;
  }

  /**
   * {@code (1 − alpha) · image + alpha · colour(map)} per pixel: the colour map over the image.
   *
   * @param image RGB HWC in [0, 1]
   * @param map H × W in [0, 1]
   * @param alpha weight of the colour map, in [0, 1]
   */
  public static float[] overlay(float[] image, float[] map, float alpha) {
    if (!(alpha >= 0f && alpha <= 1f)) {
      throw new IllegalArgumentException("overlay alpha must be in [0, 1], got " + alpha);
    }
    if (image.length != map.length * 3) {
      throw new IllegalArgumentException(
          "image has "
              + image.length
              + " values, expected 3 per map value ("
              + map.length * 3
              + ")");
    }
    float[] colors = colorize(map);
    float[] out = new float[image.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (1f - alpha) * image[i] + alpha * colors[i];
    }
    return out;
  }

  private static float clip(float v) {
    return Math.min(1f, Math.max(0f, v));
  }
}
