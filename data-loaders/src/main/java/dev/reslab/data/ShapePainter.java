package dev.reslab.data;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws the synthetic images: filled or outlined geometric shapes in a random colour on a
 * contrasting background with a little noise, rasterised with plain arithmetic (no Java2D) so that
 * pixels are identical on every JVM.
 */
final class ShapePainter {
  /** The ten shape classes, in class-index order. */
  static final List<String> SHAPES =
      List.of(
          "circle",
          "square",
          "triangle",
          "plus",
          "cross",
          "ring",
          "diamond",
          "frame",
          "hstripes",
          "vstripes");

  private final int size;

  ShapePainter(int size) {
    this.size = size;
  }

  /** A fresh background with noise, as an HWC RGB byte image. */
  byte[] background(SplittableRandom rnd, int[] bg, int noise) {
    byte[] img = new byte[size * size * 3];
    for (int i = 0; i < img.length; i++) {
      int v = bg[i % 3] + (noise == 0 ? 0 : rnd.nextInt(2 * noise + 1) - noise);
      img[i] = (byte) Math.max(0, Math.min(255, v));
    }
    return img;
  }

  /** Paints shape {@code shape} centred at (cx, cy) with "radius" r in colour fg. */
  void paint(byte[] img, int shape, double cx, double cy, double r, int[] fg) {
    int x0 = Math.max(0, (int) Math.floor(cx - r - 1));
    int x1 = Math.min(size - 1, (int) Math.ceil(cx + r + 1));
    int y0 = Math.max(0, (int) Math.floor(cy - r - 1));
    int y1 = Math.min(size - 1, (int) Math.ceil(cy + r + 1));
    for (int y = y0; y <= y1; y++) {
      for (int x = x0; x <= x1; x++) {
        if (inside(shape, x + 0.5 - cx, y + 0.5 - cy, r)) {
          int o = (y * size + x) * 3;
          img[o] = (byte) fg[0];
          img[o + 1] = (byte) fg[1];
          img[o + 2] = (byte) fg[2];
        }
      }
    }
  }

  static boolean inside(int shape, double dx, double dy, double r) {
    double ax = Math.abs(dx);
    double ay = Math.abs(dy);
    double d2 = dx * dx + dy * dy;
    double bar = r * 0.32;
    double s = r * 0.85;
    switch (shape) {
      case 0:
        return d2 <= r * r; // circle
      case 1:
        return ax <= s && ay <= s; // square
      case 2:
        return dy <= 0.8 * r && dy >= -r && ax <= (dy + r) / 1.8; // triangle, apex up
      case 3:
        return (ax <= bar && ay <= r) || (ay <= bar && ax <= r); // plus
      case 4:
        { // cross (x)
          double u = Math.abs(dx + dy) / Math.sqrt(2);
          double v = Math.abs(dx - dy) / Math.sqrt(2);
          return (u <= bar && v <= r) || (v <= bar && u <= r);
        }
      case 5:
        return d2 <= r * r && d2 >= (0.55 * r) * (0.55 * r); // ring
      case 6:
        return ax + ay <= r; // diamond
      case 7:
        return ax <= s && ay <= s && (ax >= 0.5 * s || ay >= 0.5 * s); // frame
      case 8:
        return ax <= s && ay <= s && ((int) Math.floor((dy + s) / (s / 2.5))) % 2 == 0; // hstripes
      case 9:
        return ax <= s && ay <= s && ((int) Math.floor((dx + s) / (s / 2.5))) % 2 == 0; // vstripes
      default:
        throw new IllegalArgumentException("no shape " + shape);
    }
  }

  /**
   * A random colour; with {@code contrastTo} set, one whose brightness differs from it by at least
   * 90.
   */
  static int[] colour(SplittableRandom rnd, int[] contrastTo) {
    while (true) {
      int[] c = {rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256)};
      if (contrastTo == null || Math.abs(luma(c) - luma(contrastTo)) >= 90) {
        return c;
      }
    }
  }

  static double luma(int[] c) {
    return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2];
  }
}
