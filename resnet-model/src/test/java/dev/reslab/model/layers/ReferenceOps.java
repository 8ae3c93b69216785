package dev.reslab.model.layers;

/**
 * Plain-Java convolution and pooling over NHWC arrays: the independent reference for the layer
 * tests.
 */
final class ReferenceOps {
  private ReferenceOps() {}

  /**
   * Output size and leading pad of one spatial dimension, as TensorFlow (SAME/VALID) or PyTorch
   * (symmetric).
   */
  static int[] outAndPad(int in, int k, int stride, Padding padding) {
    return switch (padding.mode()) {
      case VALID -> new int[] {(in - k) / stride + 1, 0};
      case SYMMETRIC -> new int[] {(in + 2 * padding.pixels() - k) / stride + 1, padding.pixels()};
      case SAME -> {
        int out = (in + stride - 1) / stride;
        int total = Math.max((out - 1) * stride + k - in, 0);
        yield new int[] {out, total / 2};
      }
    };
  }

  static float[] conv2d(
      float[] x,
      int n,
      int h,
      int w,
      int c,
      float[] kernel,
      int k,
      int filters,
      int stride,
      Padding padding,
      float[] bias) {
    int[] oh = outAndPad(h, k, stride, padding);
    int[] ow = outAndPad(w, k, stride, padding);
    float[] out = new float[n * oh[0] * ow[0] * filters];
    for (int b = 0; b < n; b++) {
      for (int oy = 0; oy < oh[0]; oy++) {
        for (int ox = 0; ox < ow[0]; ox++) {
          for (int o = 0; o < filters; o++) {
            double s = bias == null ? 0 : bias[o];
            for (int ky = 0; ky < k; ky++) {
              int y = oy * stride + ky - oh[1];
              if (y < 0 || y >= h) {
                continue;
              }
              for (int kx = 0; kx < k; kx++) {
                int xx = ox * stride + kx - ow[1];
                if (xx < 0 || xx >= w) {
                  continue;
                }
                for (int i = 0; i < c; i++) {
                  s +=
                      x[((b * h + y) * w + xx) * c + i]
                          * kernel[((ky * k + kx) * c + i) * filters + o];
                }
              }
            }
            out[((b * oh[0] + oy) * ow[0] + ox) * filters + o] = (float) s;
          }
        }
      }
    }
    return out;
  }

  /**
   * The gradient of {@code sum(conv2d(x, kernel) * dy)} with respect to the HWIO kernel: for each
   * kernel offset, input channel and filter, the sum over every output pixel of the input under
   * that offset times the output's gradient.
   */
  static float[] conv2dKernelGradient(
      float[] x,
      int n,
      int h,
      int w,
      int c,
      float[] dy,
      int k,
      int filters,
      int stride,
      Padding padding) {
    double[] sum = new double[k * k * c * filters];
    forEachTap(
        n,
        h,
        w,
        c,
        k,
        filters,
        stride,
        padding,
        (in, weight, out) -> {
          for (int i = 0; i < c; i++) {
            for (int o = 0; o < filters; o++) {
              sum[weight + i * filters + o] += x[in + i] * dy[out + o];
            }
          }
        });
    return toFloats(sum);
  }

  /**
   * The gradient of {@code sum(conv2d(x, kernel) * dy)} with respect to the input: each output
   * pixel's gradient spread back over the input under its window, weighted by the kernel.
   */
  static float[] conv2dInputGradient(
      float[] kernel,
      int n,
      int h,
      int w,
      int c,
      float[] dy,
      int k,
      int filters,
      int stride,
      Padding padding) {
    double[] sum = new double[n * h * w * c];
    forEachTap(
        n,
        h,
        w,
        c,
        k,
        filters,
        stride,
        padding,
        (in, weight, out) -> {
          for (int i = 0; i < c; i++) {
            double s = 0;
            for (int o = 0; o < filters; o++) {
              s += kernel[weight + i * filters + o] * dy[out + o];
            }
            sum[in + i] += s;
          }
        });
    return toFloats(sum);
  }

  /** One input pixel under one kernel offset of one output pixel, as NHWC/HWIO start offsets. */
  private interface Tap {
    void accept(int input, int weight, int output);
  }

  /** Every (output pixel, kernel offset) pair whose input pixel lies inside the image. */
  private static void forEachTap(
      int n, int h, int w, int c, int k, int filters, int stride, Padding padding, Tap tap) {
    int[] oh = outAndPad(h, k, stride, padding);
    int[] ow = outAndPad(w, k, stride, padding);
    for (int b = 0; b < n; b++) {
      for (int oy = 0; oy < oh[0]; oy++) {
        for (int ox = 0; ox < ow[0]; ox++) {
          for (int ky = 0; ky < k; ky++) {
            int y = oy * stride + ky - oh[1];
            for (int kx = 0; kx < k; kx++) {
              int xx = ox * stride + kx - ow[1];
              if (y >= 0 && y < h && xx >= 0 && xx < w) {
                tap.accept(
                    ((b * h + y) * w + xx) * c,
                    (ky * k + kx) * c * filters,
                    ((b * oh[0] + oy) * ow[0] + ox) * filters);
              }
            }
          }
        }
      }
    }
  }

  private static float[] toFloats(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }

  static float[] maxPool(
      float[] x, int n, int h, int w, int c, int k, int stride, Padding padding) {
    int[] oh = outAndPad(h, k, stride, padding);
    int[] ow = outAndPad(w, k, stride, padding);
    float[] out = new float[n * oh[0] * ow[0] * c];
    for (int b = 0; b < n; b++) {
      for (int oy = 0; oy < oh[0]; oy++) {
        for (int ox = 0; ox < ow[0]; ox++) {
          for (int i = 0; i < c; i++) {
            float m = Float.NEGATIVE_INFINITY;
            for (int ky = 0; ky < k; ky++) {
              for (int kx = 0; kx < k; kx++) {
                int y = oy * stride + ky - oh[1];
                int xx = ox * stride + kx - ow[1];
                if (y >= 0 && y < h && xx >= 0 && xx < w) {
                  m = Math.max(m, x[((b * h + y) * w + xx) * c + i]);
                }
              }
            }
            out[((b * oh[0] + oy) * ow[0] + ox) * c + i] = m;
          }
        }
      }
    }
    return out;
  }
}
