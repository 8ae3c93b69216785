package dev.reslab.model.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reslab.model.tensor.FloatTensors;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.IdentityN;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A bf16 training pass computes small maps' kernel gradients as one matrix product: the result
 * equals the plain-Java kernel gradient for every convolution path (SAME, an explicit Pad then
 * VALID, TensorFlow's asymmetric SAME, strided and subsampled 1×1), the input gradient is
 * TensorFlow's own, and larger maps keep {@code Conv2DBackpropFilter}. Run in a float32 session, so
 * the comparison is of the arithmetic, not of bfloat16 rounding.
 */
class SmallMapKernelGradientTest {

  @ParameterizedTest(name = "k={0} stride={1} padding {2} on {3}x{3}x{4}")
  @CsvSource({
    "3,1,1,4,5", // SAME: 4x4 out
    "3,1,1,3,4", // odd map
    "3,2,1,8,3", // explicit Pad, then VALID: 4x4 out
    "3,2,-1,8,4", // TensorFlow SAME, stride 2 on an even map: padded bottom/right only
    "1,2,0,8,70", // wide strided 1x1: oneDNN's strided kernel
    "1,2,0,8,8", // narrow strided 1x1: subsampled, then stride 1
    "7,2,3,7,3", // ImageNet-style stem on a tiny image
    "3,1,1,8,3" // 8x8 out: too large, TensorFlow's own kernel gradient
  })
  void kernelGradientEqualsThePlainJavaLoop(int k, int stride, int pad, int hw, int channels) {
    int n = 3;
    int filters = 6;
    Padding padding = pad < 0 ? Padding.SAME : pad == 0 ? Padding.VALID : Padding.symmetric(pad);
    float[] x = LayerHarness.random(3, n * hw * hw * channels);
    int out = ReferenceOps.outAndPad(hw, k, stride, padding)[0];
    float[] dy = LayerHarness.random(4, n * out * out * filters);
    Gradients small = gradients(k, stride, padding, hw, channels, filters, x, dy, true);
    Gradients plain = gradients(k, stride, padding, hw, channels, filters, x, dy, false);

    float[] want =
        ReferenceOps.conv2dKernelGradient(x, n, hw, hw, channels, dy, k, filters, stride, padding);
    float[] convolved =
        ReferenceOps.conv2d(
            x, n, hw, hw, channels, small.weights, k, filters, stride, padding, null);
    assertArrayEquals(convolved, small.output, 1e-4f, "the convolution itself");
    assertArrayEquals(convolved, plain.output, 1e-4f);
    assertArrayEquals(want, plain.kernel, 1e-4f);
    assertArrayEquals(want, small.kernel, 1e-4f);
    assertArrayEquals(plain.input, small.input, 1e-5f, "the input gradient is TensorFlow's own");
    assertEquals("Conv2DBackpropFilter", plain.kernelOp);
    assertEquals(
        out * out <= SmallMapKernelGradient.MAX_OUTPUT_PIXELS ? "MatMul" : "Conv2DBackpropFilter",
        small.kernelOp);
  }

  private record Gradients(
      float[] weights, float[] output, float[] kernel, float[] input, String kernelOp) {}

  private static Gradients gradients(
      int k,
      int stride,
      Padding padding,
      int hw,
      int channels,
      int filters,
      float[] x,
      float[] dy,
      boolean bf16Training) {
    int n = 3;
    Conv2D conv =
        Conv2D.builder("c", filters).kernel(k).stride(stride).padding(padding).seed(5).build();
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> input =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, hw, hw, channels)));
      CallContext ctx =
          bf16Training ? CallContext.bf16Training(tf, name -> false) : CallContext.training(tf);
      Operand<TFloat32> y = conv.call(tf, input, ctx);
      Operand<TFloat32> upstream = tf.reshape(tf.constant(dy), tf.constant(y.shape().asArray()));
      Operand<TFloat32> loss =
          tf.reduceSum(tf.math.mul(y, upstream), tf.constant(new int[] {0, 1, 2, 3}));
      Operand<TFloat32> kernel = conv.ownVariables().get(0).value();
      Output<?>[] grads =
          g.addGradients(loss.asOutput(), new Output<?>[] {kernel.asOutput(), input.asOutput()});
      // The kernel gradient is reshaped from a MatMul, or is Conv2DBackpropFilter itself.
      String op = grads[0].op().type();
      if (op.equals("Reshape")) {
        op = ((org.tensorflow.GraphOperation) grads[0].op()).input(0).op().type();
      }
      try (Session s = new Session(g);
          var xs = FloatTensors.of(x, n, hw, hw, channels)) {
        s.initialize();
        try (Result r =
            s.runner()
                .feed(input, xs)
                .fetch(kernel)
                .fetch(y)
                .fetch(grads[0])
                .fetch(grads[1])
                .run()) {
          return new Gradients(
              FloatTensors.toArray(r.get(0)),
              FloatTensors.toArray(r.get(1)),
              FloatTensors.toArray(r.get(2)),
              FloatTensors.toArray(r.get(3)),
              op);
        }
      }
    }
  }

  /** Every other IdentityN gets the identity's gradient: each output's gradient passes through. */
  @Test
  void anyOtherIdentityNPassesItsGradientsThrough() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> a = tf.constant(new float[] {1, 2});
      Operand<TFloat32> b = tf.constant(new float[] {3, 4, 5});
      // Registers the IdentityN gradient, as a bf16 training pass does.
      SmallMapKernelGradient.applies(Shape.of(1, 1, 1, 1));
      IdentityN pair = tf.identityN(List.of(a, b));
      @SuppressWarnings("unchecked")
      Operand<TFloat32> first = (Operand<TFloat32>) pair.output().get(0);
      @SuppressWarnings("unchecked")
      Operand<TFloat32> second = (Operand<TFloat32>) pair.output().get(1);
      Operand<TFloat32> loss =
          tf.math.add(
              tf.reduceSum(tf.math.mul(first, tf.constant(2f)), tf.constant(0)),
              tf.reduceSum(tf.math.mul(second, tf.constant(3f)), tf.constant(0)));
      Output<?>[] grads =
          g.addGradients(loss.asOutput(), new Output<?>[] {a.asOutput(), b.asOutput()});
      try (Session s = new Session(g);
          Result r = s.runner().fetch(grads[0]).fetch(grads[1]).run()) {
        assertArrayEquals(new float[] {2, 2}, FloatTensors.toArray(r.get(0)));
        assertArrayEquals(new float[] {3, 3, 3}, FloatTensors.toArray(r.get(1)));
      }
    }
  }
}
