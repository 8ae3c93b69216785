package dev.reslab.model.resnet;

import dev.reslab.model.layers.CallContext;
import dev.reslab.model.layers.Layer;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Option-A shortcut of He et al. (2016): {@code x[:, ::stride, ::stride, :]} with the missing
 * channels filled by zeros, half before and half after the input's channels (planes/4 on each side
 * when the width doubles).
 */
public final class ZeroPadShortcut extends Layer {
  private final int outChannels;
  private final int stride;

  public ZeroPadShortcut(String name, int outChannels, int stride) {
    super(name);
    this.outChannels = outChannels;
    this.stride = stride;
  }

  @Override
  public String typeName() {
    return "ZeroPadShortcut";
  }

  @Override
  protected Operand<TFloat32> forward(Ops tf, Operand<TFloat32> input, CallContext ctx) {
    long in = channels(input.shape());
    if (in > outChannels) {
      throw new IllegalArgumentException(
          "zero-pad shortcut '"
              + name()
              + "' cannot narrow "
              + in
              + " channels to "
              + outChannels
              + "; use the projection shortcut");
    }
    Operand<TFloat32> x =
        stride == 1
            ? input
            : tf.stridedSlice(
                input, Indices.all(), Indices.step(stride), Indices.step(stride), Indices.all());
    int extra = (int) (outChannels - in);
    if (extra == 0) {
      return x;
    }
    int before = extra / 2;
    return tf.pad(
        x,
        tf.constant(new int[][] {{0, 0}, {0, 0}, {0, 0}, {before, extra - before}}),
        tf.constant(0f));
  }

  @Override
  protected Shape outputShape(Shape inputShape, Map<String, ShapeTrace> trace) {
    long in = channels(inputShape);
    if (in > outChannels) {
      throw new IllegalArgumentException(
          "zero-pad shortcut '"
              + name()
              + "' cannot narrow "
              + in
              + " channels to "
              + outChannels
              + "; use the projection shortcut");
    }
    // x[:, ::stride, ::stride, :] keeps ceil(size / stride) rows and columns.
    return Shape.of(
        inputShape.size(0),
        ceilDiv(inputShape.size(1), stride),
        ceilDiv(inputShape.size(2), stride),
        outChannels);
  }

  private static long ceilDiv(long size, int stride) {
    return size < 0 ? size : (size + stride - 1) / stride;
  }
}
