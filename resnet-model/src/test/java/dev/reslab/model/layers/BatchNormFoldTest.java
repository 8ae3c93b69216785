package dev.reslab.model.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.reslab.model.tensor.FloatTensors;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A convolution with BatchNorm folded into it gives the plain-Java convolution followed by the
 * BatchNorm formula, for every convolution path (SAME, an explicit Pad, a subsampled strided 1×1)
 * and with a bias of its own.
 */
class BatchNormFoldTest {

  @ParameterizedTest(name = "k={0} stride={1} padding {2} on {3}x{3}x{4}, bias {5}")
  @CsvSource({
    "3,1,1,7,3,false", // SAME
    "3,2,1,8,5,false", // explicit Pad, then VALID
    "1,2,0,8,8,false", // narrow strided 1x1: subsampled, then stride 1
    "7,2,3,9,3,true"
  })
  void foldedConvolutionEqualsConvolutionThenBatchNorm(
      int k, int stride, int pad, int hw, int channels, boolean bias) {
    int n = 2;
    int filters = 6;
    Conv2D conv =
        Conv2D.builder("c", filters)
            .kernel(k)
            .stride(stride)
            .padding(pad == 0 ? Padding.VALID : Padding.symmetric(pad))
            .useBias(bias)
            .seed(5)
            .build();
    BatchNormalization bn = new BatchNormalization("bn", 0.9f, 1e-3f);
    Sequential block = new Sequential("block", List.of(conv, bn));
    Random random = new Random(11);
    float[] gamma = values(random, filters, 0.5, 1.0);
    float[] beta = values(random, filters, -0.5, 1.0);
    float[] mean = values(random, filters, -0.5, 1.0);
    float[] variance = values(random, filters, 0.2, 2.0);
    float[] convBias = values(random, filters, -1, 2);
    float[] x = LayerHarness.random(3, n * hw * hw * channels);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> input =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, hw, hw, channels)));
      CallContext ctx = CallContext.prediction(tf);
      Operand<TFloat32> out = block.call(tf, input, ctx);
      assertFalse(ctx.outputs().containsKey("c"), "the folded convolution has no output");
      assertEquals(out, ctx.outputs().get("bn"));
      try (Session s = new Session(g)) {
        s.initialize();
        Session.Runner assign =
            s.runner()
                .addTarget(tf.assign(bn.gamma().variable(), tf.constant(gamma)))
                .addTarget(tf.assign(bn.beta().variable(), tf.constant(beta)))
                .addTarget(tf.assign(bn.movingMean().variable(), tf.constant(mean)))
                .addTarget(tf.assign(bn.movingVariance().variable(), tf.constant(variance)));
        if (bias) {
          assign.addTarget(tf.assign(conv.ownVariables().get(1).variable(), tf.constant(convBias)));
        }
        assign.run();
        float[] kernel;
        try (Result r = s.runner().fetch(conv.ownVariables().get(0).value()).run()) {
          kernel = FloatTensors.toArray(r.get(0));
        }
        float[] want =
            ReferenceOps.conv2d(
                x,
                n,
                hw,
                hw,
                channels,
                kernel,
                k,
                filters,
                stride,
                conv.padding(),
                bias ? convBias : null);
        for (int i = 0; i < want.length; i++) {
          int o = i % filters;
          want[i] =
              (float) ((want[i] - mean[o]) / Math.sqrt(variance[o] + 1e-3) * gamma[o] + beta[o]);
        }
        try (TFloat32 in = FloatTensors.of(x, n, hw, hw, channels);
            Result r = s.runner().feed(input, in).fetch(out).run()) {
          assertArrayEquals(want, FloatTensors.toArray(r.get(0)), 1e-4f);
        }
      }
    }
  }

  private static float[] values(Random random, int n, double from, double range) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (from + range * random.nextDouble());
    }
    return v;
  }
}
