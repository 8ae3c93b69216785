package dev.reslab.model.layers;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.StridedSlice;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A convolution over small maps (at most 4×4 outputs: ResNet-18's layer4 on CIFAR) run as one
 * convolution over larger maps: the batch's images are laid side by side, {@code a}×{@code a} to a
 * map, with zero rows and columns between them that are exactly each image's own padding, and the
 * outputs are cut back out. The arithmetic is the same dot products as the plain convolution
 * (outputs that straddle two images are computed and thrown away).
 *
 * <p>Why: oneDNN's AMX bfloat16 kernels work in blocks of output pixels and run 4×4 maps at a
 * fraction of their speed on larger ones. In inference a 512-channel 3×3 convolution on 4×4 maps
 * took 30.8 ms per batch of 128, a third of all convolution time, where the 64-channel one on 32×32
 * maps (the same arithmetic) took 10.4 ms (oneDNN's verbose log, issue 14). Tiled 4×4 to a 21×21
 * map, the forward convolution took 21 against 35 ms, and forward, input gradient and
 * matrix-product kernel gradient 67–77 against 85–102 ms (probe, bf16, batch 128). Against the same
 * engine without it, in alternating rounds: bf16 inference of ResNet-18 1.25×, bf16 training 1.33×
 * on a quiet machine (1.04× on a busy one). In float32 tiling was slower (0.8×), so only bfloat16
 * passes use it ({@link CallContext#tiledSmallMaps}); ImageNet-size 7×7 maps gained 1.03×, too
 * little for its ops.
 *
 * <p>Layout along each spatial axis: period {@code P = before + size + after'} pixels per image,
 * the image at offset {@code before}; {@code after'} is the smallest number of zeros that, with the
 * next image's {@code before} zeros, covers the convolution's own padding after the image, and
 * makes {@code P} a multiple of the stride, so that every image's outputs start at a multiple of
 * {@code P / stride}. The gradients are TensorFlow's own (pad, reshape, transpose, slice, and
 * oneDNN's {@code Conv2DBackpropInput} on the large map): an output that straddles two images is
 * sliced away, so its gradient is zero and touches no input.
 */
final class SmallMapTiling {
  /** Output maps up to this many pixels are tiled. */
  static final long MAX_OUTPUT_PIXELS = 16;

  /** Tiled maps are made at least this many pixels wide and high. */
  private static final int MIN_TILED_SIZE = 16;

  private SmallMapTiling() {}

  /**
   * Whether a {@code kernel}×{@code kernel} convolution from {@code input} to {@code output} is
   * tiled: both maps' sizes known, the output at most {@link #MAX_OUTPUT_PIXELS} pixels, and a
   * window wider than one pixel (a 1×1 convolution is one matrix product whatever the map size).
   */
  static boolean applies(Shape input, Shape output, int kernel) {
    return kernel > 1
        && input.size(1) > 0
        && input.size(2) > 0
        && output.size(1) > 0
        && output.size(2) > 0
        && output.size(1) * output.size(2) <= MAX_OUTPUT_PIXELS;
  }

  /**
   * {@code x} (NHWC, unpadded) convolved with {@code kernel} (HWIO) at {@code stride}, padded by
   * {@code pads} = {top, bottom, left, right} zeros; the same values as padding {@code x} and
   * running a VALID convolution.
   */
  static Operand<TFloat32> convolve(
      Ops tf, Operand<TFloat32> x, Operand<TFloat32> kernel, int stride, int[] pads) {
    int kh = (int) kernel.shape().get(0);
    int kw = (int) kernel.shape().get(1);
    long filters = kernel.shape().get(3);
    long channels = x.shape().get(3);
    Axis rows = Axis.of((int) x.shape().get(1), kh, stride, pads[0], pads[1]);
    Axis cols = Axis.of((int) x.shape().get(2), kw, stride, pads[2], pads[3]);
    int a = Math.max(rows.tilesFor(MIN_TILED_SIZE), cols.tilesFor(MIN_TILED_SIZE));
    int perMap = a * a;

    // Pad the batch to a whole number of maps, and each image to its period.
    Operand<TInt32> n = batchSize(tf, x);
    Operand<TInt32> extra =
        tf.math.mod(
            tf.math.sub(tf.constant(perMap), tf.math.mod(n, tf.constant(perMap))),
            tf.constant(perMap));
    Operand<TInt32> paddings =
        tf.stack(
            List.of(
                tf.stack(List.of(tf.constant(0), extra)),
                tf.constant(new int[] {rows.before, rows.periodAfter}),
                tf.constant(new int[] {cols.before, cols.periodAfter}),
                tf.constant(new int[] {0, 0})));
    Operand<TFloat32> images = tf.pad(x, paddings, tf.constant(0f));

    // [maps·a·a, P, Q, C] -> [maps, a, P, a, Q, C] -> [maps, a·P, a·Q, C]
    Operand<TFloat32> grid =
        tf.reshape(
            images, tf.constant(new long[] {-1, a, a, rows.period(), cols.period(), channels}));
    grid = tf.linalg.transpose(grid, tf.constant(new int[] {0, 1, 3, 2, 4, 5}));
    Operand<TFloat32> map =
        tf.reshape(
            grid,
            tf.constant(
                new long[] {-1, (long) a * rows.period(), (long) a * cols.period(), channels}));
    if (rows.tail > 0 || cols.tail > 0) {
      map =
          tf.pad(
              map,
              tf.constant(new int[][] {{0, 0}, {0, rows.tail}, {0, cols.tail}, {0, 0}}),
              tf.constant(0f));
    }
    Operand<TFloat32> y =
        tf.nn.conv2d(map, kernel, List.of(1L, (long) stride, (long) stride, 1L), "VALID");

    // Exactly a·P/s outputs per axis, then each image's first outputs.
    y = toSize(tf, y, rows.tiledOutputs(a), cols.tiledOutputs(a));
    Operand<TFloat32> tiles =
        tf.reshape(
            y,
            tf.constant(
                new long[] {-1, a, rows.period() / stride, a, cols.period() / stride, filters}));
    tiles =
        tf.slice(
            tiles,
            tf.constant(new int[6]),
            tf.constant(new int[] {-1, -1, rows.outputs, -1, cols.outputs, -1}));
    tiles = tf.linalg.transpose(tiles, tf.constant(new int[] {0, 1, 3, 2, 4, 5}));
    Operand<TFloat32> out =
        tf.reshape(tiles, tf.constant(new long[] {-1, rows.outputs, cols.outputs, filters}));
    // Drop the batch's padding images.
    Operand<TFloat32> cut =
        tf.slice(
            out,
            tf.constant(new int[4]),
            tf.concat(
                List.of(
                    tf.reshape(n, tf.constant(new int[] {1})), tf.constant(new int[] {-1, -1, -1})),
                tf.constant(0)));
    // A reshape to the static shape: EnsureShape has no gradient.
    return tf.reshape(
        cut, tf.constant(new long[] {x.shape().size(0), rows.outputs, cols.outputs, filters}));
  }

  private static Operand<TInt32> batchSize(Ops tf, Operand<TFloat32> x) {
    long known = x.shape().size(0);
    if (known > 0) {
      return tf.constant((int) known);
    }
    return tf.reshape(
        tf.stridedSlice(
            tf.shape(x),
            tf.constant(new int[] {0}),
            tf.constant(new int[] {1}),
            tf.constant(new int[] {1})),
        tf.constant(new int[0]));
  }

  /** {@code y} padded with zeros or cut at the bottom and right to {@code h}×{@code w}. */
  private static Operand<TFloat32> toSize(Ops tf, Operand<TFloat32> y, int h, int w) {
    int dh = h - (int) y.shape().get(1);
    int dw = w - (int) y.shape().get(2);
    if (dh > 0 || dw > 0) {
      y =
          tf.pad(
              y,
              tf.constant(new int[][] {{0, 0}, {0, Math.max(dh, 0)}, {0, Math.max(dw, 0)}, {0, 0}}),
              tf.constant(0f));
    }
    if (dh < 0 || dw < 0) {
      y =
          tf.stridedSlice(
              y,
              tf.constant(new int[4]),
              tf.constant(new int[] {0, h, w, 0}),
              tf.constant(new int[] {1, 1, 1, 1}),
              StridedSlice.beginMask(15L),
              StridedSlice.endMask(9L));
    }
    return y;
  }

  /**
   * One spatial axis of the layout: {@code before} zeros, the image, {@code periodAfter} zeros, per
   * image; {@code tail} more zeros after the last image.
   */
  private record Axis(
      int size, int kernel, int stride, int before, int periodAfter, int tail, int outputs) {
    static Axis of(int size, int kernel, int stride, int before, int after) {
      int outputs = (before + size + after - kernel) / stride + 1;
      // The next image's leading zeros count as this one's trailing padding.
      int periodAfter = Math.max(0, after - before);
      while ((before + size + periodAfter) % stride != 0) {
        periodAfter++;
      }
      return new Axis(
          size, kernel, stride, before, periodAfter, Math.max(0, after - periodAfter), outputs);
    }

    int period() {
      return before + size + periodAfter;
    }

    /** Images per map side for a map of at least {@code minSize} pixels (at least 2). */
    int tilesFor(int minSize) {
      return Math.max(2, (minSize + period() - 1) / period());
    }

    /** The outputs per side of a map of {@code a} images: {@code a} periods. */
    int tiledOutputs(int a) {
      return a * period() / stride;
    }
  }
}
