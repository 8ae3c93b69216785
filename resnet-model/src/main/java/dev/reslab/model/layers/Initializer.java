package dev.reslab.model.layers;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.op.random.TruncatedNormal;
import org.tensorflow.types.TFloat32;

/**
 * Produces a variable's initial value inside the graph's init scope.
 *
 * <p>Random initializers are seeded from a model seed and the variable's name, so the same seed
 * gives the same weights whatever order variables are created in.
 */
@FunctionalInterface
public interface Initializer {

  /** Builds the initial value for the variable {@code variableName} of {@code shape}. */
  Operand<TFloat32> create(Ops init, Shape shape, String variableName);

  static Initializer zeros() {
    return (tf, shape, name) -> tf.fill(tf.constant(shape.asArray()), tf.constant(0f));
  }

  static Initializer ones() {
    return (tf, shape, name) -> tf.fill(tf.constant(shape.asArray()), tf.constant(1f));
  }

  /**
   * He et al. (2015) normal initialisation as Keras' {@code he_normal}: a normal truncated at two
   * standard deviations with standard deviation {@code sqrt(2 / fan_in)}, where fan_in is every
   * dimension but the last.
   */
  static Initializer heNormal(long seed) {
    return (tf, shape, name) -> {
      long fanIn = fanIn(shape);
      // 0.8796... is the standard deviation of a unit normal truncated to [-2, 2].
      float stddev = (float) (Math.sqrt(2.0 / fanIn) / 0.87962566103423978);
      long[] seeds = seeds(seed, name);
      Operand<TFloat32> unit =
          tf.random.truncatedNormal(
              tf.constant(shape.asArray()),
              TFloat32.class,
              TruncatedNormal.seed(seeds[0]),
              TruncatedNormal.seed2(seeds[1]));
      return tf.math.mul(unit, tf.constant(stddev));
    };
  }

  /** Glorot (Xavier) uniform initialisation, the Keras default for dense kernels. */
  static Initializer glorotUniform(long seed) {
    return (tf, shape, name) -> {
      long fanIn = fanIn(shape);
      long fanOut = shape.size(shape.numDimensions() - 1) * receptiveField(shape);
      float limit = (float) Math.sqrt(6.0 / (fanIn + fanOut));
      long[] seeds = seeds(seed, name);
      Operand<TFloat32> unit =
          tf.random.randomUniform(
              tf.constant(shape.asArray()),
              TFloat32.class,
              RandomUniform.seed(seeds[0]),
              RandomUniform.seed2(seeds[1]));
      return tf.math.mul(tf.math.sub(unit, tf.constant(0.5f)), tf.constant(2 * limit));
    };
  }

  private static long receptiveField(Shape shape) {
    long r = 1;
    for (int i = 0; i < shape.numDimensions() - 2; i++) {
      r *= shape.size(i);
    }
    return r;
  }

  private static long fanIn(Shape shape) {
    return shape.numDimensions() < 2
        ? shape.size(0)
        : receptiveField(shape) * shape.size(shape.numDimensions() - 2);
  }

  /**
   * Two op-level seeds from a model seed and a variable name; TF ops are deterministic when both
   * are set.
   */
  private static long[] seeds(long seed, String name) {
    long h = seed * 0x9E3779B97F4A7C15L ^ name.hashCode();
    h ^= (h >>> 31);
    h *= 0xBF58476D1CE4E5B9L;
    h ^= (h >>> 29);
    return new long[] {
      Math.floorMod(seed, Integer.MAX_VALUE) + 1, Math.floorMod(h, Integer.MAX_VALUE) + 1
    };
  }
}
