package dev.reslab.analysis.robustness;

import dev.reslab.analysis.inputs.ImageBatch;
import java.util.Objects;

/**
 * Gaussian blur of each channel, as {@code scipy.ndimage.gaussian_filter(image, (sigma, sigma,
 * 0))}: a separable kernel exp(−k²/2σ²), normalised to sum 1, truncated at radius {@code round(4σ)}
 * (scipy's {@code truncate=4.0}, radius {@code int(4σ + 0.5)}), rows then columns. No randomness,
 * the seed is ignored.
 *
 * <p>Border: {@link Border#REFLECT} by default (scipy's default, {@code d c b a | a b c d | d c b
 * a}: the edge pixel is repeated, so a flat image stays flat and no dark frame creeps in). {@link
 * Border#NEAREST} extends the edge pixel instead; it is what {@code skimage.filters.gaussian}, used
 * by the ImageNet-C/CIFAR-10-C reference code, does by default, so the named corruption ({@link
 * Corruption#of}, the robustness command) uses it. The two differ only within 4σ of the border (up
 * to 0.117 of the pixel range at σ = 6).
 *
 * @param sigma standard deviation in pixels, ≥ 0; 0 leaves images unchanged
 * @param border how pixels beyond the edge are taken
 */
public record GaussianBlur(double sigma, Border border) implements Corruption {

  static final String NAME = "gaussian_blur";

  /** How the filter sees pixels beyond the image edge. */
  public enum Border {
    /** Mirror including the edge pixel (scipy {@code reflect}). */
    REFLECT,
    /** Repeat the edge pixel (scipy {@code nearest}). */
    NEAREST
  }

  public GaussianBlur {
    if (!(sigma >= 0) || Double.isInfinite(sigma)) {
      throw new IllegalArgumentException("gaussian_blur needs a sigma >= 0 pixels, got " + sigma);
    }
    Objects.requireNonNull(border, "border");
  }

  /** Blur with reflecting borders. */
  public GaussianBlur(double sigma) {
    this(sigma, Border.REFLECT);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public double parameter() {
    return sigma;
  }

  /** Radius of the truncated kernel: {@code int(4σ + 0.5)}, as scipy. */
  public int radius() {
    return (int) (4 * sigma + 0.5);
  }

  /** The normalised 1-D kernel, taps −radius … radius. */
  public double[] kernel() {
    int r = radius();
    double[] k = new double[2 * r + 1];
    if (r == 0) {
      k[0] = 1;
      return k;
    }
    double sum = 0;
    for (int i = -r; i <= r; i++) {
      k[i + r] = Math.exp(-0.5 * i * i / (sigma * sigma));
      sum += k[i + r];
    }
    for (int i = 0; i < k.length; i++) {
      k[i] /= sum;
    }
    return k;
  }

  @Override
  public ImageBatch apply(ImageBatch images, long seed, long firstIndex) {
    int h = images.height();
    int w = images.width();
    int c = images.channels();
    double[] k = kernel();
    int r = radius();
    int[] rowSource = sourceIndices(w, r);
    int[] columnSource = sourceIndices(h, r);
    float[] in = images.pixels();
    float[] out = new float[in.length];
    double[] pass = new double[h * w * c];
    for (int n = 0; n < images.batch(); n++) {
      int base = n * h * w * c;
      // along each row (x)
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          for (int ch = 0; ch < c; ch++) {
            double sum = 0;
            for (int t = 0; t < k.length; t++) {
              sum += k[t] * in[base + (y * w + rowSource[x + t]) * c + ch];
            }
            pass[(y * w + x) * c + ch] = sum;
          }
        }
      }
      // then along each column (y)
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          for (int ch = 0; ch < c; ch++) {
            double sum = 0;
            for (int t = 0; t < k.length; t++) {
              sum += k[t] * pass[(columnSource[y + t] * w + x) * c + ch];
            }
            out[base + (y * w + x) * c + ch] = (float) Math.min(1, Math.max(0, sum));
          }
        }
      }
    }
    return images.withPixels(out);
  }

  /**
   * For output position p and tap t, entry p + t is the source index of p + t − r along an axis of
   * length n.
   */
  private int[] sourceIndices(int n, int r) {
    int[] source = new int[n + 2 * r];
    for (int i = 0; i < source.length; i++) {
      source[i] = border(i - r, n);
    }
    return source;
  }

  private int border(int i, int n) {
    if (border == Border.NEAREST) {
      return Math.min(n - 1, Math.max(0, i));
    }
    // reflect with period 2n, so radii larger than the image still land inside it
    int period = 2 * n;
    int m = Math.floorMod(i, period);
    return m < n ? m : period - 1 - m;
  }
}
