package dev.reslab.model.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.model.tensor.FloatTensors;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** Each layer against a plain-Java loop on a small input. */
class LayerNumericsTest {
  private static final int N = 2;
  private static final int H = 7;
  private static final int W = 6;
  private static final int C = 3;

  @ParameterizedTest(name = "conv k={0} stride={1} padding={2}")
  @CsvSource({
    "3,1,same",
    "3,2,same",
    "3,1,valid",
    "3,2,valid",
    "3,2,1",
    "1,2,valid",
    "7,2,3",
    "2,2,same"
  })
  void conv2dMatchesReferenceLoop(int k, int stride, String pad) {
    Padding padding = Padding.parse(pad);
    Conv2D conv =
        Conv2D.builder("conv", 4)
            .kernel(k)
            .stride(stride)
            .padding(padding)
            .useBias(true)
            .seed(3)
            .build();
    float[] x = LayerHarness.random(1, N * H * W * C);
    try (LayerHarness h = new LayerHarness(conv, false, N, H, W, C)) {
      float[] kernel = h.value(conv.ownVariables().get(0).value());
      float[] bias = new float[] {0.5f, -1f, 2f, 0f};
      h.session
          .runner()
          .addTarget(h.tf.assign(conv.ownVariables().get(1).variable(), h.tf.constant(bias)))
          .run();
      float[] got = h.run(x);
      float[] want = ReferenceOps.conv2d(x, N, H, W, C, kernel, k, 4, stride, padding, bias);
      assertEquals(want.length, got.length, "output size");
      assertArrayEquals(want, got, 1e-4f);
    }
  }

  /**
   * A projection shortcut, 1x1, stride 2, a batch of 7: of a narrow network (8 input channels),
   * where oneDNN's strided 1x1 backward-weights kernel wrote past its buffer (JVM crash) and gave
   * wrong gradients at other batch sizes, so the layer subsamples first; and of a wide one (64),
   * where it leaves the stride to oneDNN.
   */
  @ParameterizedTest
  @ValueSource(ints = {8, 64})
  void strided1x1ConvolutionGradientsMatchReferenceLoop(int c) {
    int n = 7;
    int size = 32;
    int f = 16;
    Conv2D conv =
        Conv2D.builder("proj", f).kernel(1).stride(2).padding(Padding.symmetric(0)).seed(4).build();
    float[] x = LayerHarness.random(8, n * size * size * c);
    int out = size / 2;
    float[] upstream = LayerHarness.random(9, n * out * out * f);
    try (LayerHarness h = new LayerHarness(conv, true, n, size, size, c)) {
      Operand<TFloat32> loss =
          h.tf.reduceSum(
              h.tf.math.mul(
                  h.output,
                  h.tf.reshape(h.tf.constant(upstream), h.tf.constant(new int[] {n, out, out, f}))),
              h.tf.constant(new int[] {0, 1, 2, 3}));
      Output<?>[] grads =
          h.graph.addGradients(
              loss.asOutput(),
              new Output<?>[] {conv.ownVariables().get(0).value().asOutput(), h.input.asOutput()});
      float[] kernel = h.value(conv.ownVariables().get(0).value());
      float[] wantKernel = new float[c * f];
      float[] wantInput = new float[x.length];
      for (int b = 0; b < n; b++) {
        for (int oy = 0; oy < out; oy++) {
          for (int ox = 0; ox < out; ox++) {
            int in = ((b * size + 2 * oy) * size + 2 * ox) * c;
            int o = ((b * out + oy) * out + ox) * f;
            for (int i = 0; i < c; i++) {
              for (int j = 0; j < f; j++) {
                wantKernel[i * f + j] += x[in + i] * upstream[o + j];
                wantInput[in + i] += kernel[i * f + j] * upstream[o + j];
              }
            }
          }
        }
      }
      for (int step = 0; step < 3; step++) {
        try (TFloat32 in = FloatTensors.of(x, n, size, size, c);
            Result r = h.session.runner().feed(h.input, in).fetch(grads[0]).fetch(grads[1]).run()) {
          assertArrayEquals(wantKernel, FloatTensors.toArray(r.get(0)), 1e-3f);
          assertArrayEquals(wantInput, FloatTensors.toArray(r.get(1)), 1e-4f);
        }
      }
    }
  }

  @Test
  void convKernelIsHeNormal() {
    Conv2D conv = Conv2D.builder("conv", 64).kernel(3).seed(11).build();
    try (LayerHarness h = new LayerHarness(conv, false, 1, 8, 8, 32)) {
      float[] kernel = h.value(conv.ownVariables().get(0).value());
      double mean = 0;
      double sq = 0;
      for (float v : kernel) {
        mean += v;
        sq += v * v;
      }
      mean /= kernel.length;
      double std = Math.sqrt(sq / kernel.length - mean * mean);
      double expected = Math.sqrt(2.0 / (3 * 3 * 32));
      assertEquals(0, mean, 0.01);
      assertEquals(expected, std, expected * 0.05, "He-normal standard deviation sqrt(2/fan_in)");
    }
  }

  @Test
  void batchNormTrainingUsesBatchStatisticsAndUpdatesMovingOnes() {
    BatchNormalization bn = new BatchNormalization("bn", 0.9f, 1e-3f);
    float[] x = LayerHarness.random(2, N * H * W * C);
    for (int i = 0; i < x.length; i++) {
      x[i] = x[i] * (1 + i % C) + (i % C); // per-channel scale and offset
    }
    try (LayerHarness h = new LayerHarness(bn, true, N, H, W, C)) {
      float[] gamma = {1.5f, 0.5f, 2f};
      float[] beta = {0.1f, -0.2f, 0.3f};
      h.session
          .runner()
          .addTarget(h.tf.assign(bn.gamma().variable(), h.tf.constant(gamma)))
          .addTarget(h.tf.assign(bn.beta().variable(), h.tf.constant(beta)))
          .run();
      float[] got = h.runWithUpdates(x);
      int count = N * H * W;
      double[] mean = new double[C];
      double[] var = new double[C];
      for (int i = 0; i < x.length; i++) {
        mean[i % C] += x[i] / count;
      }
      for (int i = 0; i < x.length; i++) {
        var[i % C] += Math.pow(x[i] - mean[i % C], 2) / count;
      }
      for (int i = 0; i < x.length; i++) {
        int c = i % C;
        double want = gamma[c] * (x[i] - mean[c]) / Math.sqrt(var[c] + 1e-3) + beta[c];
        assertEquals(want, got[i], 1e-4, "value " + i);
      }
      float[] movingMean = h.value(bn.movingMean().value());
      float[] movingVar = h.value(bn.movingVariance().value());
      for (int c = 0; c < C; c++) {
        assertEquals(0.1 * mean[c], movingMean[c], 1e-5, "moving mean after one step");
        double unbiased = var[c] * count / (count - 1);
        assertEquals(
            0.9 + 0.1 * unbiased,
            movingVar[c],
            1e-4,
            "moving variance after one step (unbiased batch)");
      }
    }
  }

  @Test
  void batchNormInferenceUsesMovingStatistics() {
    BatchNormalization bn = new BatchNormalization("bn");
    float[] x = LayerHarness.random(3, N * H * W * C);
    try (LayerHarness h = new LayerHarness(bn, false, N, H, W, C)) {
      float[] mean = {0.5f, -1f, 2f};
      float[] var = {4f, 0.25f, 1f};
      h.session
          .runner()
          .addTarget(h.tf.assign(bn.movingMean().variable(), h.tf.constant(mean)))
          .addTarget(h.tf.assign(bn.movingVariance().variable(), h.tf.constant(var)))
          .run();
      float[] got = h.run(x);
      assertTrue(h.ctx.updates().isEmpty(), "inference adds no updates");
      for (int i = 0; i < x.length; i++) {
        int c = i % C;
        assertEquals((x[i] - mean[c]) / Math.sqrt(var[c] + 1e-5), got[i], 1e-4);
      }
    }
  }

  @Test
  void frozenBatchNormUsesMovingStatisticsInTraining() {
    BatchNormalization bn = new BatchNormalization("bn");
    try (var graph = new Graph()) {
      var tf = Ops.create(graph);
      var in = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(N, H, W, C)));
      CallContext ctx = CallContext.training(tf, name -> name.equals("bn"));
      bn.call(tf, in, ctx);
      assertTrue(ctx.updates().isEmpty(), "a frozen BatchNorm keeps its statistics");
    }
  }

  @ParameterizedTest(name = "maxpool {0}/{1} padding {2}")
  @CsvSource({"3,2,1", "2,2,valid", "3,1,same", "3,2,same"})
  void maxPoolMatchesReferenceLoop(int pool, int stride, String pad) {
    Padding padding = Padding.parse(pad);
    float[] x = LayerHarness.random(4, N * H * W * C);
    for (int i = 0; i < x.length; i++) {
      x[i] -= 5; // all negative: padding must never win
    }
    try (LayerHarness h =
        new LayerHarness(new MaxPool2D("pool", pool, stride, padding), false, N, H, W, C)) {
      assertArrayEquals(ReferenceOps.maxPool(x, N, H, W, C, pool, stride, padding), h.run(x), 0f);
    }
  }

  @Test
  void globalAveragePoolingMatchesMean() {
    float[] x = LayerHarness.random(5, N * H * W * C);
    try (LayerHarness h = new LayerHarness(new GlobalAveragePooling2D("gap"), false, N, H, W, C)) {
      float[] got = h.run(x);
      for (int n = 0; n < N; n++) {
        for (int c = 0; c < C; c++) {
          double sum = 0;
          for (int p = 0; p < H * W; p++) {
            sum += x[(n * H * W + p) * C + c];
          }
          assertEquals(sum / (H * W), got[n * C + c], 1e-5);
        }
      }
    }
  }

  @Test
  void denseMatchesMatrixProduct() {
    Dense dense = new Dense("fc", 5, 7);
    float[] x = LayerHarness.random(6, 3 * 4);
    try (LayerHarness h = new LayerHarness(dense, false, 3, 4)) {
      float[] kernel = h.value(dense.ownVariables().get(0).value());
      float[] bias = {1, 2, 3, 4, 5};
      h.session
          .runner()
          .addTarget(h.tf.assign(dense.ownVariables().get(1).variable(), h.tf.constant(bias)))
          .run();
      float[] got = h.run(x);
      for (int n = 0; n < 3; n++) {
        for (int o = 0; o < 5; o++) {
          double s = bias[o];
          for (int i = 0; i < 4; i++) {
            s += x[n * 4 + i] * kernel[i * 5 + o];
          }
          assertEquals(s, got[n * 5 + o], 1e-5);
        }
      }
      assertEquals(4 * 5 + 5, dense.parameterCount());
    }
  }

  @Test
  void reluAndDropout() {
    float[] x = LayerHarness.random(7, 1000);
    try (LayerHarness h = new LayerHarness(new ReLU("relu"), false, 1000)) {
      float[] got = h.run(x);
      for (int i = 0; i < x.length; i++) {
        assertEquals(Math.max(0, x[i]), got[i], 0f);
      }
    }
    float[] ones = new float[10000];
    Arrays.fill(ones, 1f);
    try (LayerHarness h = new LayerHarness(new Dropout("drop", 0.25f, 1), true, 10000)) {
      float[] got = h.run(ones);
      int zeros = 0;
      for (float v : got) {
        if (v == 0) {
          zeros++;
        } else {
          assertEquals(1f / 0.75f, v, 1e-6f, "kept values are scaled by 1/(1-rate)");
        }
      }
      assertEquals(0.25, zeros / 10000.0, 0.02);
    }
    try (LayerHarness h = new LayerHarness(new Dropout("drop", 0.25f, 1), false, 10000)) {
      assertArrayEquals(ones, h.run(ones), 0f, "no dropout in inference");
    }
  }

  @Test
  void badSettingsFailWithTheValue() {
    assertEquals(
        "Conv2D 'c': filters must be at least 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> Conv2D.builder("c", 0).build())
            .getMessage());
    assertEquals(
        "Dropout 'd': rate must be in [0, 1), got 1.0",
        assertThrows(IllegalArgumentException.class, () -> new Dropout("d", 1f, 0)).getMessage());
    assertEquals(
        "layer name 'a b' is not valid: use letters, digits, '.', '_' or '-'",
        assertThrows(IllegalArgumentException.class, () -> new ReLU("a b")).getMessage());
    assertEquals(
        "padding 'wide' is not 'same', 'valid' or a pixel count",
        assertThrows(IllegalArgumentException.class, () -> Padding.parse("wide")).getMessage());
  }
}
