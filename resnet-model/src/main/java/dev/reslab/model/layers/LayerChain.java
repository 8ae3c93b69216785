package dev.reslab.model.layers;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Applies layers one after another. Where the pass folds BatchNorm ({@link
 * CallContext#prediction}), a {@link Conv2D} directly followed by a {@link BatchNormalization} runs
 * as one convolution whose output is recorded under the BatchNorm's name.
 */
public final class LayerChain {
  private LayerChain() {}

  /** {@code layers} applied in order to {@code input}; {@code tf} is the scope children name in. */
  public static Operand<TFloat32> apply(
      Ops tf, List<? extends Layer> layers, Operand<TFloat32> input, CallContext ctx) {
    Operand<TFloat32> x = input;
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      if (ctx.predictionOnly()
          && layer instanceof Conv2D conv
          && i + 1 < layers.size()
          && layers.get(i + 1) instanceof BatchNormalization bn) {
        x = folded(tf, conv, bn, x, ctx);
        i++;
      } else {
        x = layer.call(tf, x, ctx);
      }
    }
    return x;
  }

  private static Operand<TFloat32> folded(
      Ops tf, Conv2D conv, BatchNormalization bn, Operand<TFloat32> x, CallContext ctx) {
    conv.buildOnce(ctx, x.shape());
    // BatchNorm's variables depend only on the channel count, the convolution's filters.
    bn.buildOnce(ctx, Shape.of(-1, -1, -1, conv.filters()));
    Operand<TFloat32> out = conv.foldedWith(bn, tf.withSubScope(bn.name()), x, ctx);
    ctx.record(bn.name(), out);
    return out;
  }
}
