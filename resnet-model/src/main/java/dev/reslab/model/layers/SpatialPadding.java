package dev.reslab.model.layers;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Applies a {@link Padding}'s explicit pixels to an NHWC tensor before a VALID window op. */
final class SpatialPadding {
  private SpatialPadding() {}

  static Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, Padding padding, float value) {
    int p = padding.pixels();
    if (padding.mode() != Padding.Mode.SYMMETRIC || p == 0) {
      return x;
    }
    return tf.pad(x, tf.constant(new int[][] {{0, 0}, {p, p}, {p, p}, {0, 0}}), tf.constant(value));
  }
}
