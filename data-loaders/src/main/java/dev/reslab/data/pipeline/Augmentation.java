package dev.reslab.data.pipeline;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Training augmentation inside tf.data: zero-pad by {@code pad} pixels and take a random crop of the original size,
 * and/or a random horizontal flip. Random numbers are stateless, seeded by the epoch seed and the example's index,
 * so results do not depend on thread scheduling.
 */
public record Augmentation(int pad, boolean flip) {
  public static final Augmentation NONE = new Augmentation(0, false);
  /** The standard CIFAR augmentation: pad 4, random 32×32 crop, horizontal flip. */
  public static final Augmentation CROP_AND_FLIP = new Augmentation(4, true);
  public static final Augmentation FLIP = new Augmentation(0, true);

  public boolean isNone() {
    return pad == 0 && !flip;
  }

  /** Augments {@code image} ([H, W, 3], static size) with the stateless seed {@code seed} ([2] int64). */
  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> image, Operand<TInt64> seed, int height, int width) {
    Operand<TFloat32> out = image;
    if (pad > 0) {
      Operand<TFloat32> padded = tf.pad(out, tf.constant(new int[][] {{pad, pad}, {pad, pad}, {0, 0}}),
          tf.constant(0f));
      Operand<TInt32> offsets = tf.random.statelessRandomUniformInt(tf.constant(new int[] {2}), seed,
          tf.constant(0), tf.constant(2 * pad + 1));
      Operand<TInt32> begin = tf.concat(java.util.List.of(offsets, tf.constant(new int[] {0})), tf.constant(0));
      out = tf.slice(padded, begin, tf.constant(new int[] {height, width, 3}));
    }
    if (flip) {
      Operand<TInt64> flipSeed = tf.math.add(seed, tf.constant(new long[] {0, 7919}));
      Operand<TInt32> coin = tf.random.statelessRandomUniformInt(tf.constant(new int[0]), flipSeed,
          tf.constant(0), tf.constant(2));
      out = tf.select(tf.math.equal(coin, tf.constant(1)), tf.reverse(out, tf.constant(new int[] {1})), out);
    }
    return out;
  }
}
