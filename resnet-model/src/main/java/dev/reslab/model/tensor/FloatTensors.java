package dev.reslab.model.tensor;

import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Row-major float arrays to and from {@link TFloat32} tensors. The caller owns (and closes) every
 * tensor.
 */
public final class FloatTensors {
  private FloatTensors() {}

  /** A new tensor of {@code shape} holding a copy of {@code data} (row-major). */
  public static TFloat32 of(float[] data, long... shape) {
    Shape s = Shape.of(shape);
    if (s.size() != data.length) {
      throw new IllegalArgumentException(
          "shape " + s + " holds " + s.size() + " values, got " + data.length);
    }
    return TFloat32.tensorOf(s, DataBuffers.of(data, true, false));
  }

  /** The tensor's values, row-major. */
  public static float[] toArray(Tensor tensor) {
    if (!(tensor instanceof TFloat32 t)) {
      throw new IllegalArgumentException("expected a float32 tensor, got " + tensor.dataType());
    }
    long size = t.shape().size();
    if (size > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "tensor of shape " + t.shape() + " is too large for a Java array");
    }
    float[] out = new float[(int) size];
    t.copyTo(DataBuffers.of(out, false, false));
    return out;
  }

  /** The tensor's shape as a long array. */
  public static long[] shape(Tensor tensor) {
    return tensor.shape().asArray();
  }
}
