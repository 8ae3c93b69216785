package dev.reslab.data.pipeline;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.image.ImageProjectiveTransformV3;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Training augmentation inside tf.data, on whole batches: zero-pad by {@code pad} pixels and take a
 * random crop of the original size, and/or a random horizontal flip. Both are one nearest-neighbour
 * projective transform per image (integer shifts, so pixels are copied exactly). Random numbers are
 * stateless, seeded from the epoch seed and the batch's first example index, so results do not
 * depend on thread scheduling.
 */
public record Augmentation(int pad, boolean flip) {
  public static final Augmentation NONE = new Augmentation(0, false);

  /** The standard CIFAR augmentation: pad 4, random 32×32 crop, horizontal flip. */
  public static final Augmentation CROP_AND_FLIP = new Augmentation(4, true);

  public static final Augmentation FLIP = new Augmentation(0, true);

  public boolean isNone() {
    return pad == 0 && !flip;
  }

  /** Augments {@code images} ([N, H, W, 3]) with the stateless seed {@code seed} ([2] int64). */
  public Operand<TFloat32> apply(
      Ops tf, Operand<TFloat32> images, Operand<TInt64> seed, int height, int width) {
    if (isNone()) {
      return images;
    }
    Operand<TInt32> n =
        tf.slice(tf.shape(images), tf.constant(new int[] {0}), tf.constant(new int[] {1}));
    Operand<TFloat32> dy;
    Operand<TFloat32> dx;
    if (pad > 0) {
      Operand<TInt32> shape = tf.concat(List.of(n, tf.constant(new int[] {2})), tf.constant(0));
      Operand<TFloat32> offsets =
          tf.dtypes.cast(
              tf.random.statelessRandomUniformInt(
                  shape, seed, tf.constant(-pad), tf.constant(pad + 1)),
              TFloat32.class);
      dy =
          tf.reshape(
              tf.slice(offsets, tf.constant(new int[] {0, 0}), tf.constant(new int[] {-1, 1})),
              tf.constant(new int[] {-1}));
      dx =
          tf.reshape(
              tf.slice(offsets, tf.constant(new int[] {0, 1}), tf.constant(new int[] {-1, 1})),
              tf.constant(new int[] {-1}));
    } else {
      dy = tf.zeros(n, TFloat32.class);
      dx = dy;
    }
    Operand<TFloat32> flips;
    if (flip) {
      Operand<TInt64> flipSeed = tf.math.add(seed, tf.constant(new long[] {0, 7919}));
      flips =
          tf.dtypes.cast(
              tf.random.statelessRandomUniformInt(n, flipSeed, tf.constant(0), tf.constant(2)),
              TFloat32.class);
    } else {
      flips = tf.zeros(n, TFloat32.class);
    }
    // Output (x, y) reads input (s·x + tx, y + dy): s = -1 and tx = W-1+dx for a flipped crop, s =
    // 1, tx = dx otherwise.
    Operand<TFloat32> zero = tf.zerosLike(dx);
    Operand<TFloat32> one = tf.onesLike(dx);
    Operand<TFloat32> s = tf.math.sub(one, tf.math.mul(tf.constant(2f), flips));
    Operand<TFloat32> tx = tf.math.add(tf.math.mul(flips, tf.constant(width - 1f)), dx);
    Operand<TFloat32> transforms =
        tf.stack(List.of(s, zero, tx, zero, one, dy, zero, zero), Stack.axis(1L));
    return tf.image.imageProjectiveTransformV3(
        images,
        transforms,
        tf.constant(new int[] {height, width}),
        tf.constant(0f),
        "NEAREST",
        ImageProjectiveTransformV3.fillMode("CONSTANT"));
  }
}
