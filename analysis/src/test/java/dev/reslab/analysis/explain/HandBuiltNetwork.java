package dev.reslab.analysis.explain;

import dev.reslab.model.resnet.Head;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A network small enough to explain by hand: {@code features} = ReLU(1×1 conv) with channel 0 =
 * red, channel 1 = green; {@code pooled} = 2×2 average pooling of it; logits = global mean of
 * {@code pooled} times W = [[1, −1], [−1, 1]]. So logit 0 = mean(R − G), logit 1 = mean(G − R), and
 * for a class-c target the gradient at every position of {@code features} is W[k, c] / (H·W):
 * Grad-CAM of class 0 is ReLU(R − G) / (H·W).
 */
final class HandBuiltNetwork implements AutoCloseable {
  final Graph graph = new Graph();
  final Session session;
  final ExplainableModel model;

  HandBuiltNetwork(Head head) {
    Ops tf = Ops.create(graph);
    Placeholder<TFloat32> pixels =
        tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 3)));
    Operand<TFloat32> kernel =
        tf.constant(StdArrays.ndCopyOf(new float[][][][] {{{{1, 0}, {0, 1}, {0, 0}}}}));
    Operand<TFloat32> features =
        tf.nn.relu(tf.nn.conv2d(pixels, kernel, List.of(1L, 1L, 1L, 1L), "VALID"));
    Operand<TFloat32> pooled =
        tf.nn.avgPool(features, List.of(1L, 2L, 2L, 1L), List.of(1L, 2L, 2L, 1L), "VALID");
    Operand<TFloat32> gap = tf.math.mean(pooled, tf.constant(new int[] {1, 2}));
    Operand<TFloat32> w = tf.constant(StdArrays.ndCopyOf(new float[][] {{1, -1}, {-1, 1}}));
    Operand<TFloat32> logits = tf.linalg.matMul(gap, w);
    Map<String, Operand<TFloat32>> layers = new LinkedHashMap<>();
    layers.put("features", features);
    layers.put("pooled", pooled);
    session = new Session(graph);
    model = ExplainableModel.of(graph, session, pixels, layers, logits, head);
  }

  /**
   * 8×8 images: image 0 a red 3×3 square at the top left and a green 2×2 square at the bottom right
   * (so class 0 is predicted); image 1 the same with the colours swapped.
   */
  static float[] twoSquares() {
    float[] px = new float[2 * 8 * 8 * 3];
    for (int n = 0; n < 2; n++) {
      int big = n == 0 ? 0 : 1;
      for (int y = 0; y < 3; y++) {
        for (int x = 0; x < 3; x++) {
          px[((n * 8 + y) * 8 + x) * 3 + big] = 1f;
        }
      }
      for (int y = 6; y < 8; y++) {
        for (int x = 6; x < 8; x++) {
          px[((n * 8 + y) * 8 + x) * 3 + (1 - big)] = 1f;
        }
      }
    }
    return px;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
