package dev.reslab.analysis.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reslab.analysis.inputs.ImageBatch;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GaussianBlurTest {

  /** The 1-D Gaussian written out directly: exp(−d²/2σ²) over |d| ≤ int(4σ + 0.5), normalised. */
  private static double tap(double sigma, int d) {
    int radius = (int) (4 * sigma + 0.5);
    if (Math.abs(d) > radius) {
      return 0;
    }
    double sum = 0;
    for (int i = -radius; i <= radius; i++) {
      sum += Math.exp(-i * i / (2 * sigma * sigma));
    }
    return Math.exp(-d * d / (2 * sigma * sigma)) / sum;
  }

  @Test
  void sigmaOneByHand() {
    // taps exp(-k²/2): 1, .606531, .135335, .011109, .000335 -> sum 1 + 2 × .753310 = 2.506620
    // centre 1 / 2.506620 = .398943 (1/√(2π) = .398942 before truncation), 2-D centre .398943² =
    // .159156
    GaussianBlur blur = new GaussianBlur(1);
    assertEquals(4, blur.radius());
    assertEquals(0.398943, blur.kernel()[4], 1e-6);
    assertEquals(0.606531 / 2.506620, blur.kernel()[3], 1e-6);
    ImageBatch impulse = impulse(21, 1);
    assertEquals(0.159156, blur.apply(impulse, 0).get(0, 10, 10, 0), 1e-6);
  }

  @Test
  void blurOfAnImpulseIsTheKernelForEverySeverity() {
    for (SeverityTable table : SeverityTable.values()) {
      for (int severity = 1; severity <= 5; severity++) {
        Corruption blur = Corruption.of("gaussian_blur", table, severity);
        double sigma = blur.parameter();
        int size = 2 * (int) (4 * sigma + 0.5) + 3; // room for the whole kernel: no border effect
        int centre = size / 2;
        ImageBatch out = blur.apply(impulse(size, 2), 0);
        for (int y = 0; y < size; y++) {
          for (int x = 0; x < size; x++) {
            double expected = tap(sigma, y - centre) * tap(sigma, x - centre);
            assertEquals(
                expected, out.get(0, y, x, 0), 1e-6, table + " " + severity + " at " + y + "," + x);
            assertEquals(0.0, out.get(0, y, x, 1), 0.0, "the other channel stays black");
          }
        }
      }
    }
  }

  @Test
  void reflectAndNearestBorders() {
    // a 1 × 12 row with an impulse at x = 0 (a height of 1 leaves the vertical pass as the
    // identity)
    // reflect  (… b a | a b …): output[j] = k(j) + k(j + 1)
    // nearest  (… a a | a b …): output[j] = sum of k(d) for d >= j
    double sigma = 1.5;
    float[] pixels = new float[12];
    pixels[0] = 1;
    ImageBatch row = new ImageBatch(pixels, 1, 1, 12, 1);
    ImageBatch reflected = new GaussianBlur(sigma).apply(row, 0);
    ImageBatch nearest = new GaussianBlur(sigma, GaussianBlur.Border.NEAREST).apply(row, 0);
    for (int j = 0; j < 12; j++) {
      assertEquals(
          tap(sigma, j) + tap(sigma, j + 1), reflected.get(0, 0, j, 0), 1e-6, "reflect " + j);
      double tail = 0;
      for (int d = j; d <= 6; d++) {
        tail += tap(sigma, d);
      }
      assertEquals(tail, nearest.get(0, 0, j, 0), 1e-6, "nearest " + j);
    }
  }

  @Test
  void flatImageStaysFlatEvenWhenTheKernelIsWiderThanTheImage() {
    float[] pixels = new float[2 * 5 * 5 * 3];
    Arrays.fill(pixels, 0.7f);
    ImageBatch flat = new ImageBatch(pixels, 2, 5, 5, 3);
    for (float v : new GaussianBlur(6).apply(flat, 0).pixels()) { // radius 24 on a 5 × 5 image
      assertEquals(0.7f, v, 1e-6f);
    }
  }

  private static ImageBatch impulse(int size, int channels) {
    float[] pixels = new float[size * size * channels];
    int centre = size / 2;
    pixels[(centre * size + centre) * channels] = 1;
    return new ImageBatch(pixels, 1, size, size, channels);
  }
}
