package dev.reslab.analysis.robustness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.analysis.inputs.ImageBatch;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CorruptionTest {

  private static final int N = 4;
  private static final int H = 64;
  private static final int W = 64;
  private static final int C = 3;

  private static ImageBatch gray(float value) {
    float[] pixels = new float[N * H * W * C];
    Arrays.fill(pixels, value);
    return new ImageBatch(pixels, N, H, W, C);
  }

  /**
   * Gaussian noise on a 0.5 image, clipped at 0 and 1, is a censored normal: with a = 0.5 / c, mean
   * 0.5 (symmetric), variance c²·[(2Φ(a) − 1) − 2a·φ(a)] + 0.25·2Φ(−a), and a fraction Φ(−a) at
   * exactly 0.
   */
  @Test
  void gaussianNoiseStatisticsAtEverySeverity() {
    ImageBatch gray = gray(0.5f);
    int n = gray.pixels().length;
    for (SeverityTable table : SeverityTable.values()) {
      for (int severity = 1; severity <= 5; severity++) {
        Corruption noise = Corruption.of("gaussian_noise", table, severity);
        double c = noise.parameter();
        float[] out = noise.apply(gray, 11).pixels();
        double a = 0.5 / c;
        double tail = NormalDistribution.cdf(-a);
        double variance =
            c * c * ((1 - 2 * tail) - 2 * a * NormalDistribution.pdf(a)) + 0.25 * 2 * tail;
        double sum = 0;
        double squares = 0;
        int zeros = 0;
        for (float v : out) {
          sum += v;
          squares += (v - 0.5) * (v - 0.5);
          zeros += v == 0f ? 1 : 0;
        }
        String where = table + " severity " + severity;
        double sd = Math.sqrt(variance);
        assertEquals(0.5, sum / n, 5 * sd / Math.sqrt(n), where + " mean");
        // sample variance: its spread is below sqrt(2/n)·σ² for these light-tailed values; 5 of
        // those
        assertEquals(variance, squares / n, 5 * Math.sqrt(2.0 / n) * variance, where + " variance");
        assertEquals(
            tail,
            (double) zeros / n,
            5 * Math.sqrt(tail * (1 - tail) / n) + 1e-4,
            where + " clipped at 0");
      }
    }
  }

  @Test
  void saltPepperFractionAtEverySeverity() {
    ImageBatch gray = gray(0.5f);
    int n = gray.pixels().length;
    for (SeverityTable table : SeverityTable.values()) {
      for (int severity = 1; severity <= 5; severity++) {
        Corruption impulse = Corruption.of("impulse", table, severity);
        assertInstanceOf(SaltPepperNoise.class, impulse);
        double c = impulse.parameter();
        float[] out = impulse.apply(gray, 3).pixels();
        int salt = 0;
        int pepper = 0;
        for (float v : out) {
          salt += v == 1f ? 1 : 0;
          pepper += v == 0f ? 1 : 0;
          assertTrue(v == 0f || v == 1f || v == 0.5f, "values are either untouched or 0 or 1");
        }
        String where = table + " severity " + severity;
        int flipped = salt + pepper;
        assertEquals(
            c, (double) flipped / n, 5 * Math.sqrt(c * (1 - c) / n), where + " flipped fraction");
        assertEquals(
            0.5, (double) salt / flipped, 5 * Math.sqrt(0.25 / flipped), where + " salt share");
      }
    }
  }

  @Test
  void tablesMatchThePublishedParameters() {
    double[][] expected = {
      {.08, .12, .18, .26, .38}, {.03, .06, .09, .17, .27}, {1, 2, 3, 4, 6},
      {.04, .06, .08, .09, .10}, {.01, .02, .03, .05, .07}, {.4, .6, .7, .8, 1}
    };
    String[] names = {"gaussian_noise", "salt_pepper", "gaussian_blur"};
    for (int t = 0; t < 2; t++) {
      for (int k = 0; k < 3; k++) {
        for (int s = 1; s <= 5; s++) {
          assertEquals(
              expected[3 * t + k][s - 1], SeverityTable.values()[t].parameter(names[k], s), 0.0);
        }
      }
    }
  }

  @Test
  void sameSeedSameImageAndBatchingDoesNotMatter() {
    float[] pixels = new float[N * 8 * 8 * C];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (i % 17) / 16f;
    }
    float[] original = pixels.clone();
    ImageBatch images = new ImageBatch(pixels, N, 8, 8, C);
    for (String name : new String[] {"gaussian_noise", "salt_pepper"}) {
      Corruption corruption = Corruption.of(name, 0.2);
      float[] first = corruption.apply(images, 42).pixels();
      assertArrayEquals(
          first, corruption.apply(images, 42).pixels(), name + ": same seed, same image");
      assertFalse(
          Arrays.equals(first, corruption.apply(images, 43).pixels()),
          name + ": another seed differs");
      // images 2 and 3 corrupted alone, as the second batch of two, equal their corruption in the
      // batch of four
      int half = pixels.length / 2;
      ImageBatch second =
          new ImageBatch(Arrays.copyOfRange(pixels, half, pixels.length), 2, 8, 8, C);
      assertArrayEquals(
          Arrays.copyOfRange(first, half, first.length), corruption.apply(second, 42, 2).pixels());
      // images differ from each other: each has its own stream
      assertFalse(
          Arrays.equals(
              Arrays.copyOfRange(first, 0, half / 2), Arrays.copyOfRange(first, half / 2, half)));
      assertArrayEquals(original, pixels, name + " must not change its input");
    }
  }

  @Test
  void zeroParameterChangesNothing() {
    ImageBatch gray = gray(0.25f);
    for (String name : new String[] {"gaussian_noise", "salt_pepper", "gaussian_blur"}) {
      assertArrayEquals(gray.pixels(), Corruption.of(name, 0).apply(gray, 1).pixels(), name);
    }
  }

  @Test
  void resultsStayInRange() {
    ImageBatch white = gray(1f);
    for (float v : Corruption.of("gaussian_noise", 0.38).apply(white, 5).pixels()) {
      assertTrue(v >= 0f && v <= 1f);
    }
  }

  @Test
  void badInputFailsWithOneLine() {
    assertEquals(
        "severity must be 1 to 5, got 0",
        assertThrows(
                IllegalArgumentException.class,
                () -> Corruption.of("gaussian_noise", SeverityTable.CIFAR10_C, 0))
            .getMessage());
    assertEquals(
        "severity must be 1 to 5, got 6",
        assertThrows(
                IllegalArgumentException.class,
                () -> Corruption.of("gaussian_blur", SeverityTable.IMAGENET_C, 6))
            .getMessage());
    assertEquals(
        "unknown corruption 'fog'; expected one of gaussian_noise, salt_pepper (impulse), gaussian_blur",
        assertThrows(IllegalArgumentException.class, () -> Corruption.of("fog", 0.1)).getMessage());
    assertEquals(
        "salt_pepper needs a fraction in [0, 1], got 1.5",
        assertThrows(IllegalArgumentException.class, () -> new SaltPepperNoise(1.5)).getMessage());
    assertEquals(
        "gaussian_noise needs a standard deviation >= 0, got -0.1",
        assertThrows(IllegalArgumentException.class, () -> new GaussianNoise(-0.1)).getMessage());
    assertEquals(
        "pixels must lie in [0, 1], found 255.0 at index 1 (scale 0-255 images by 1/255 first)",
        assertThrows(
                IllegalArgumentException.class,
                () -> new ImageBatch(new float[] {0, 255, 0}, 1, 1, 1, 3))
            .getMessage());
    assertEquals(
        "image batch has 2 values, expected 1 x 1 x 1 x 3 = 3",
        assertThrows(IllegalArgumentException.class, () -> new ImageBatch(new float[2], 1, 1, 1, 3))
            .getMessage());
    assertEquals(SeverityTable.CIFAR10_C, SeverityTable.parse("CIFAR-10-C"));
  }
}
