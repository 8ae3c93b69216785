package dev.reslab.model.layers;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Mean over the spatial axes: [N, H, W, C] → [N, C]. */
public final class GlobalAveragePooling2D extends Layer {
  public GlobalAveragePooling2D(String name) {
    super(name);
  }

  @Override
  protected Operand<TFloat32> forward(Ops tf, Operand<TFloat32> input, CallContext ctx) {
    return tf.math.mean(input, tf.constant(new int[] {1, 2}));
  }

  @Override
  protected Shape outputShape(Shape inputShape, Map<String, ShapeTrace> trace) {
    return Shape.of(inputShape.size(0), channels(inputShape));
  }
}
