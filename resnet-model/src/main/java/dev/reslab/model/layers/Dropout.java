package dev.reslab.model.layers;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.types.TFloat32;

/**
 * Inverted dropout: in training each value is zeroed with probability {@code rate} and the rest
 * scaled by 1/(1-rate).
 */
public final class Dropout extends Layer {
  private final float rate;
  private final long seed;

  public Dropout(String name, float rate, long seed) {
    super(name);
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException(
          "Dropout '" + name + "': rate must be in [0, 1), got " + rate);
    }
    this.rate = rate;
    this.seed = seed;
  }

  @Override
  protected Operand<TFloat32> forward(Ops tf, Operand<TFloat32> input, CallContext ctx) {
    if (!ctx.trains(name()) || rate == 0f) {
      return tf.identity(input); // a distinct op, so the layer's output can be tapped by name
    }
    Operand<TFloat32> u =
        tf.random.randomUniform(
            tf.shape(input),
            TFloat32.class,
            RandomUniform.seed(seed + 1),
            RandomUniform.seed2(name().hashCode() & 0x7fffffffL));
    Operand<TFloat32> keep =
        tf.dtypes.cast(tf.math.greaterEqual(u, tf.constant(rate)), TFloat32.class);
    return tf.math.mul(input, tf.math.mul(keep, tf.constant(1f / (1f - rate))));
  }

  @Override
  protected Shape outputShape(Shape inputShape, Map<String, ShapeTrace> trace) {
    return inputShape;
  }
}
