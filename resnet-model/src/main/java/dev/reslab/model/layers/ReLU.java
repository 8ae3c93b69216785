package dev.reslab.model.layers;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Rectified linear unit, {@code max(x, 0)}. */
public final class ReLU extends Layer {
  public ReLU(String name) {
    super(name);
  }

  @Override
  protected Operand<TFloat32> forward(Ops tf, Operand<TFloat32> input, CallContext ctx) {
    return tf.nn.relu(input);
  }

  @Override
  protected Shape outputShape(Shape inputShape, Map<String, ShapeTrace> trace) {
    return inputShape;
  }
}
