package dev.reslab.interop.torch;

import dev.reslab.interop.array.FloatArray;

/**
 * One tensor of a checkpoint, in PyTorch's layout (OIHW convolution kernels, [out, in] linear
 * weights).
 *
 * @param dtype the storage type it was saved with, e.g. {@code float32} or {@code int64}
 * @param values its values converted to float32, C-ordered (non-contiguous views are gathered)
 */
public record TorchTensor(String dtype, FloatArray values) {

  public long[] shape() {
    return values.shape();
  }

  public boolean isFloatingPoint() {
    return dtype.startsWith("float") || dtype.equals("bfloat16");
  }
}
