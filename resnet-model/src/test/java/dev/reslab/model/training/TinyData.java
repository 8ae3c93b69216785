package dev.reslab.model.training;

import java.util.Map;
import java.util.Random;

/**
 * Small learnable in-memory data for engine tests: a bright square in one of four quadrants on
 * noise.
 */
final class TinyData {
  static final int SIZE = 16;

  private TinyData() {}

  /** Multi-class: the label is the quadrant of the square. */
  static InMemoryInput classes(int n, int batch, long seed) {
    Random rnd = new Random(seed);
    float[] x = new float[n * SIZE * SIZE * 3];
    float[] y = new float[n * 4];
    for (int i = 0; i < n; i++) {
      int q = i % 4;
      y[i * 4 + q] = 1;
      paint(x, i, rnd, q);
    }
    return new InMemoryInput(x, SIZE, y, 4, batch, true, seed);
  }

  /** Multi-label: each quadrant independently holds a square with probability 1/2. */
  static InMemoryInput labels(int n, int batch, long seed) {
    Random rnd = new Random(seed);
    float[] x = new float[n * SIZE * SIZE * 3];
    float[] y = new float[n * 4];
    for (int i = 0; i < n; i++) {
      for (int q = 0; q < 4; q++) {
        if (rnd.nextBoolean()) {
          y[i * 4 + q] = 1;
          paint(x, i, rnd, q);
        }
      }
      for (int p = 0; p < SIZE * SIZE * 3; p++) {
        x[i * SIZE * SIZE * 3 + p] += (float) (rnd.nextGaussian() * 0.3);
      }
    }
    return new InMemoryInput(x, SIZE, y, 4, batch, true, seed);
  }

  private static void paint(float[] x, int i, Random rnd, int q) {
    int oy = (q / 2) * SIZE / 2 + 2;
    int ox = (q % 2) * SIZE / 2 + 2;
    for (int yy = 0; yy < SIZE / 2 - 4; yy++) {
      for (int xx = 0; xx < SIZE / 2 - 4; xx++) {
        for (int c = 0; c < 3; c++) {
          x[((i * SIZE + oy + yy) * SIZE + ox + xx) * 3 + c] =
              2f + (float) rnd.nextGaussian() * 0.1f;
        }
      }
    }
  }

  /** Top-1 accuracy, and for multi-label data the mean per-label accuracy at 0.5. */
  static final class Accuracy implements MetricsCollector {
    private long correct;
    private long total;
    private final boolean multiLabel;

    Accuracy(boolean multiLabel) {
      this.multiLabel = multiLabel;
    }

    @Override
    public void reset() {
      correct = 0;
      total = 0;
    }

    @Override
    public void update(float[] p, float[] y, int batch, int k) {
      for (int i = 0; i < batch; i++) {
        if (multiLabel) {
          for (int j = 0; j < k; j++) {
            correct += (p[i * k + j] >= 0.5f) == (y[i * k + j] >= 0.5f) ? 1 : 0;
            total++;
          }
        } else {
          int arg = 0;
          for (int j = 1; j < k; j++) {
            if (p[i * k + j] > p[i * k + arg]) {
              arg = j;
            }
          }
          correct += y[i * k + arg] == 1f ? 1 : 0;
          total++;
        }
      }
    }

    @Override
    public Map<String, Double> results() {
      return Map.of("accuracy", total == 0 ? Double.NaN : (double) correct / total);
    }
  }
}
