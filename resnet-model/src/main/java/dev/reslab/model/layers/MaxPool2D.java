package dev.reslab.model.layers;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Max pooling over NHWC windows; symmetric padding pads with the lowest float so padding never
 * wins.
 */
public final class MaxPool2D extends Layer {
  private final int pool;
  private final int stride;
  private final Padding padding;

  public MaxPool2D(String name, int pool, int stride, Padding padding) {
    super(name);
    if (pool < 1 || stride < 1) {
      throw new IllegalArgumentException(
          "MaxPool2D '"
              + name
              + "': pool and stride must be at least 1, got pool "
              + pool
              + " and stride "
              + stride);
    }
    this.pool = pool;
    this.stride = stride;
    this.padding = padding;
  }

  @Override
  protected Operand<TFloat32> forward(Ops tf, Operand<TFloat32> input, CallContext ctx) {
    Operand<TFloat32> x = SpatialPadding.apply(tf, input, padding, -Float.MAX_VALUE);
    // TF-Java's nn.maxPool is MaxPoolV2 (window and stride as tensors), which oneDNN does not take
    // over: at 224x224 its Eigen kernel was 9 % of a bf16 ResNet-18 batch. The attribute form,
    // MaxPool, runs as oneDNN pooling in either precision and has a registered gradient as well.
    Operation op =
        tf.scope()
            .opBuilder("MaxPool", "MaxPool")
            .addInput(x.asOutput())
            .setAttr("ksize", new long[] {1, pool, pool, 1})
            .setAttr("strides", new long[] {1, stride, stride, 1})
            .setAttr("padding", padding.opPadding())
            .build();
    return op.output(0);
  }

  @Override
  protected Shape outputShape(Shape inputShape, Map<String, ShapeTrace> trace) {
    return padding.windowOutput(inputShape, pool, stride, inputShape.size(3), name());
  }
}
