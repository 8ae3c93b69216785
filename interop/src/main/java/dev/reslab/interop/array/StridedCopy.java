package dev.reslab.interop.array;

/**
 * Gathers a strided view (offset, shape, strides in elements) of a flat array into a new C-ordered
 * array.
 */
public final class StridedCopy {
  private StridedCopy() {}

  public static float[] gather(float[] source, long offset, long[] shape, long[] strides) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    float[] out = new float[Math.toIntExact(n)];
    if (n == 0) {
      return out;
    }
    int rank = shape.length;
    long[] index = new long[rank];
    long position = offset;
    for (int i = 0; i < out.length; i++) {
      out[i] = source[Math.toIntExact(position)];
      // Odometer increment over the output index, moving the source position by the matching
      // strides.
      for (int axis = rank - 1; axis >= 0; axis--) {
        index[axis]++;
        position += strides[axis];
        if (index[axis] < shape[axis]) {
          break;
        }
        position -= strides[axis] * shape[axis];
        index[axis] = 0;
      }
    }
    return out;
  }
}
