package dev.reslab.interop.array;

import java.util.Arrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * A dense float32 array in C (row-major) order.
 *
 * @param shape dimension sizes, outermost first; {@code []} for a scalar
 * @param values {@code product(shape)} values, last dimension fastest
 */
public record FloatArray(long[] shape, float[] values) {

  public FloatArray {
    shape = shape.clone();
    long n = elementCount(shape);
    if (n != values.length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " needs " + n + " values, got " + values.length);
    }
  }

  /**
   * The number of elements of {@code shape}, counted exactly: a negative dimension, or a product
   * beyond {@code Long.MAX_VALUE} (which plain multiplication would wrap, e.g. to 0 for (2^32,
   * 2^32)), is an error.
   */
  public static long elementCount(long[] shape) {
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
    }
    if (Arrays.stream(shape).anyMatch(d -> d == 0)) {
      return 0; // before multiplying: (2^40, 2^40, 0) holds nothing, though its first two factors
      // overflow
    }
    long n = 1;
    for (long d : shape) {
      try {
        n = Math.multiplyExact(n, d);
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException(
            "shape " + Arrays.toString(shape) + " has more elements than a long " + "can count");
      }
    }
    return n;
  }

  /** Copies a float32 tensor's contents. */
  public static FloatArray of(TFloat32 tensor) {
    float[] values = new float[(int) tensor.shape().size()];
    tensor.copyTo(DataBuffers.of(values, false, false));
    return new FloatArray(tensor.shape().asArray(), values);
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  public int rank() {
    return shape.length;
  }

  public long dim(int i) {
    return shape[i];
  }

  public Shape tfShape() {
    return Shape.of(shape);
  }

  /** A new tensor holding these values (the caller closes it). */
  public TFloat32 toTensor() {
    return TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(values, true, false));
  }

  /** The same values under another shape with as many elements. */
  public FloatArray reshape(long... newShape) {
    return new FloatArray(newShape, values);
  }

  /** Rows {@code [from, to)} of the first dimension. */
  public FloatArray slice(int from, int to) {
    if (shape.length == 0 || from < 0 || to > shape[0] || from > to) {
      throw new IndexOutOfBoundsException(
          "rows [" + from + ", " + to + ") of shape " + Arrays.toString(shape));
    }
    int row = shape[0] == 0 ? 0 : values.length / (int) shape[0];
    long[] s = shape.clone();
    s[0] = to - from;
    return new FloatArray(s, Arrays.copyOfRange(values, from * row, to * row));
  }

  /**
   * The axes permuted: output axis {@code i} is input axis {@code perm[i]} (NumPy's {@code
   * transpose(perm)}), e.g. {@code {2, 3, 1, 0}} turns a PyTorch OIHW kernel into TensorFlow's
   * HWIO.
   */
  public FloatArray transpose(int... perm) {
    int rank = shape.length;
    if (perm.length != rank) {
      throw new IllegalArgumentException(
          "permutation " + Arrays.toString(perm) + " does not fit rank " + rank);
    }
    long[] outShape = new long[rank];
    long[] inStrides = strides(shape);
    long[] stridesByOutAxis = new long[rank];
    for (int i = 0; i < rank; i++) {
      outShape[i] = shape[perm[i]];
      stridesByOutAxis[i] = inStrides[perm[i]];
    }
    return new FloatArray(outShape, StridedCopy.gather(values, 0, outShape, stridesByOutAxis));
  }

  /** Largest absolute difference to {@code other}, which must have the same shape. */
  public double maxAbsDifference(FloatArray other) {
    if (!Arrays.equals(shape, other.shape)) {
      throw new IllegalArgumentException(
          "shapes differ: " + Arrays.toString(shape) + " and " + Arrays.toString(other.shape));
    }
    double max = 0;
    for (int i = 0; i < values.length; i++) {
      max = Math.max(max, Math.abs((double) values[i] - other.values[i]));
    }
    return max;
  }

  /** Largest absolute value (0 for an empty array). */
  public double maxAbs() {
    double max = 0;
    for (float v : values) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }

  /** C-order strides, in elements, of {@code shape}. */
  public static long[] strides(long[] shape) {
    long[] strides = new long[shape.length];
    long s = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      strides[i] = s;
      s *= shape[i];
    }
    return strides;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FloatArray f
        && Arrays.equals(shape, f.shape)
        && Arrays.equals(values, f.values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "FloatArray" + Arrays.toString(shape);
  }
}
