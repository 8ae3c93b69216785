package dev.reslab.model.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.model.tensor.FloatTensors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Convolutions over small maps tiled into larger maps give the plain convolution's output, input
 * gradient and kernel gradient (plain-Java loops), for every padding the layers use, for batches
 * that do not fill the last map, and for a batch size known only when the graph runs; maps too
 * large keep the plain convolution. Run in a float32 session, so the comparison is of the
 * arithmetic, not of bfloat16 rounding.
 */
class SmallMapTilingTest {

  @ParameterizedTest(name = "k={0} stride={1} padding {2} on {4}x{3}x{3}x{5}, batch known: {6}")
  @CsvSource({
    "3,1,1,4,16,5,true", // layer4 on CIFAR: 4x4 SAME, one full map of 4x4 images
    "3,1,1,4,3,5,true", // a batch smaller than one map
    "3,1,1,4,17,5,false", // a map and one image, batch size known only at run time
    "3,1,1,3,5,4,true", // odd map
    "3,2,1,8,5,3,true", // symmetric padding at stride 2: 8x8 -> 4x4
    "3,2,-1,8,5,4,false", // TensorFlow SAME at stride 2 on an even map: bottom/right only
    "3,1,0,6,5,3,true", // VALID: 6x6 -> 4x4
    "7,2,3,7,2,3,true", // ImageNet-style stem on a tiny image
    "3,1,1,8,2,3,true" // 8x8 out: too large, the plain convolution
  })
  void equalsThePlainConvolutionAndItsGradients(
      int k, int stride, int pad, int hw, int n, int channels, boolean batchKnown) {
    int filters = 6;
    Padding padding = pad < 0 ? Padding.SAME : pad == 0 ? Padding.VALID : Padding.symmetric(pad);
    float[] x = LayerHarness.random(3, n * hw * hw * channels);
    int out = ReferenceOps.outAndPad(hw, k, stride, padding)[0];
    float[] dy = LayerHarness.random(4, n * out * out * filters);
    boolean expectTiled = out * out <= SmallMapTiling.MAX_OUTPUT_PIXELS;
    for (boolean kernelGradients : new boolean[] {false, true}) {
      Pass pass =
          run(k, stride, padding, hw, n, channels, filters, x, dy, batchKnown, kernelGradients);
      String what = kernelGradients ? " (with matrix-product kernel gradients)" : "";
      assertEquals(expectTiled, pass.tiled, "tiled" + what);
      assertArrayEquals(
          ReferenceOps.conv2d(
              x, n, hw, hw, channels, pass.weights, k, filters, stride, padding, null),
          pass.output,
          1e-4f,
          "output" + what);
      assertArrayEquals(
          ReferenceOps.conv2dInputGradient(
              pass.weights, n, hw, hw, channels, dy, k, filters, stride, padding),
          pass.input,
          1e-4f,
          "input gradient" + what);
      assertArrayEquals(
          ReferenceOps.conv2dKernelGradient(
              x, n, hw, hw, channels, dy, k, filters, stride, padding),
          pass.kernel,
          1e-4f,
          "kernel gradient" + what);
    }
  }

  private record Pass(
      float[] weights, float[] output, float[] input, float[] kernel, boolean tiled) {}

  private static Pass run(
      int k,
      int stride,
      Padding padding,
      int hw,
      int n,
      int channels,
      int filters,
      float[] x,
      float[] dy,
      boolean batchKnown,
      boolean kernelGradients) {
    Conv2D conv =
        Conv2D.builder("c", filters).kernel(k).stride(stride).padding(padding).seed(5).build();
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> input =
          tf.placeholder(
              TFloat32.class, Placeholder.shape(Shape.of(batchKnown ? n : -1, hw, hw, channels)));
      CallContext ctx = CallContext.bf16Training(tf, name -> false, kernelGradients, true);
      Operand<TFloat32> y = conv.call(tf, input, ctx);
      Operand<TFloat32> upstream = tf.placeholder(TFloat32.class);
      Operand<TFloat32> loss =
          tf.reduceSum(tf.math.mul(y, upstream), tf.constant(new int[] {0, 1, 2, 3}));
      Operand<TFloat32> kernel = conv.ownVariables().get(0).value();
      Output<?>[] grads =
          g.addGradients(loss.asOutput(), new Output<?>[] {kernel.asOutput(), input.asOutput()});
      try (Session s = new Session(g);
          var xs = FloatTensors.of(x, n, hw, hw, channels);
          var dys =
              FloatTensors.of(dy, n, (int) y.shape().get(1), (int) y.shape().get(2), filters)) {
        s.initialize();
        try (Result r =
            s.runner()
                .feed(input, xs)
                .feed(upstream, dys)
                .fetch(kernel)
                .fetch(y)
                .fetch(grads[1])
                .fetch(grads[0])
                .run()) {
          return new Pass(
              FloatTensors.toArray(r.get(0)),
              FloatTensors.toArray(r.get(1)),
              FloatTensors.toArray(r.get(2)),
              FloatTensors.toArray(r.get(3)),
              convolvesALargerMap(g, hw));
        }
      }
    }
  }

  /** Whether the graph's forward convolution reads a map larger than the input's. */
  private static boolean convolvesALargerMap(Graph g, int hw) {
    List<Long> sizes = new ArrayList<>();
    g.operations()
        .forEachRemaining(
            op -> {
              if (op.type().equals("Conv2D")) {
                sizes.add(((GraphOperation) op).input(0).shape().get(1));
              }
            });
    assertTrue(!sizes.isEmpty(), "a Conv2D op");
    return sizes.stream().allMatch(size -> size > hw + 6);
  }
}
