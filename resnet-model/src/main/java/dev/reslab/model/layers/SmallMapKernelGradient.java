package dev.reslab.model.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.IdentityN;
import org.tensorflow.op.core.StridedSlice;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The kernel gradient of a convolution over small maps (at most 4×4 outputs, ResNet-18's layer4 on
 * CIFAR) computed as one matrix product of the input's patches and the output gradient, in place of
 * TensorFlow's {@code Conv2DBackpropFilter}.
 *
 * <p>Why: in bfloat16 oneDNN's AMX backward-weights kernel is 3.6–4.3× slower on 4×4 maps than the
 * same product as a MatMul (issue 14's probe: 57.5 against 15.9 ms for a 512-channel 3×3 layer at
 * batch 128). In a full ResNet-18 bf16 training step (cifar stem, batch 128) this made the engine
 * 1.08× as fast on a quiet machine (median of 5 alternating rounds in one process, 1.04-1.23 per
 * round; 1.07-1.30× in noisier A/Bs); extending it to 8×8 maps gained nothing more (0.98). In
 * float32 the two take the same time, so only bf16 training passes use this ({@link
 * CallContext#bf16Training}).
 *
 * <p>How: the layer convolves with a stop-gradient kernel, so TensorFlow's own gradient gives only
 * the input gradient, and passes its output, kernel and input patches through an {@code IdentityN}
 * op whose gradient (registered here, as C++ TensorFlow has none for {@code IdentityN}) returns the
 * output gradient unchanged and the kernel gradient as {@code patchesᵀ · dy}. The input gradient
 * stays oneDNN's {@code Conv2DBackpropInput}, which is bit-reproducible across sessions (a killed
 * run resumes exactly); a patches-based input gradient was not. Every other {@code IdentityN} gets
 * the identity's gradient: each output's gradient passes to its input.
 */
final class SmallMapKernelGradient {
  /** Output maps up to this many pixels take the matrix-product kernel gradient. */
  static final long MAX_OUTPUT_PIXELS = 16;

  private static final String MARKER = "small_map_kernel_gradient";
  private static Boolean registered;

  private SmallMapKernelGradient() {}

  /**
   * Whether a convolution with this output shape gets the matrix-product kernel gradient: a known
   * map of at most {@link #MAX_OUTPUT_PIXELS} pixels, and the gradient registered in this process.
   */
  static boolean applies(Shape output) {
    long h = output.get(1);
    long w = output.get(2);
    return h > 0 && w > 0 && h * w <= MAX_OUTPUT_PIXELS && register();
  }

  /**
   * {@code x} convolved with {@code kernel} (HWIO, NHWC, SAME or VALID padding) by {@code
   * convolution} (given the kernel behind a stop-gradient: the plain or the {@linkplain
   * SmallMapTiling tiled} convolution of {@code x}), with a kernel gradient computed as one matrix
   * product. The patches are built here, where shapes are known: TensorFlow holds the graph's lock
   * while it calls a gradient function, so the function cannot ask for a shape. Patches and product
   * are float32 in the graph; in a bf16 session TensorFlow's rewrite runs them in bfloat16 (seen in
   * the executed graph: bfloat16 slices and {@code _MklMatMul}). Explicit bfloat16 casts here were
   * not faster: they meet the rewrite's own casts and add a float32 round trip of the input.
   */
  @SuppressWarnings("unchecked")
  static Operand<TFloat32> convolve(
      Ops tf,
      Operand<TFloat32> x,
      Operand<TFloat32> kernel,
      int stride,
      String padding,
      UnaryOperator<Operand<TFloat32>> convolution) {
    Shape k = kernel.shape();
    int kh = (int) k.get(0);
    int kw = (int) k.get(1);
    Operand<TFloat32> y = convolution.apply(tf.stopGradient(kernel));
    Operand<TFloat32> patches =
        tf.stopGradient(
            tf.reshape(
                patches(tf, x, kh, kw, stride, padding),
                tf.constant(new long[] {-1, kh * kw * k.get(2)})));
    IdentityN bundle = tf.withName(MARKER).identityN(List.of(y, kernel, patches));
    return (Operand<TFloat32>) bundle.output().get(0);
  }

  private static synchronized boolean register() {
    if (registered == null) {
      // False when something else already registered a gradient for IdentityN: then every
      // convolution keeps TensorFlow's own kernel gradient.
      registered = TensorFlow.registerCustomGradient("IdentityN", SmallMapKernelGradient::gradient);
    }
    return registered;
  }

  @SuppressWarnings("unchecked")
  private static List<Operand<?>> gradient(Ops tf, GraphOperation op, List<Output<?>> grads) {
    String name = op.name();
    if (!name.substring(name.lastIndexOf('/') + 1).startsWith(MARKER)) {
      return new ArrayList<>(grads);
    }
    Output<TFloat32> dy = (Output<TFloat32>) grads.get(0);
    Output<TFloat32> kernel = (Output<TFloat32>) op.input(1);
    Output<TFloat32> patches = (Output<TFloat32>) op.input(2);
    // Shapes as ops (see convolve): [-1, filters] for dy, and the kernel's own for the product.
    Operand<TInt32> kernelShape = tf.shape(kernel);
    Operand<TInt32> rows =
        tf.concat(
            List.of(
                tf.constant(new int[] {-1}),
                tf.stridedSlice(
                    kernelShape,
                    tf.constant(new int[] {3}),
                    tf.constant(new int[] {4}),
                    tf.constant(new int[] {1}))),
            tf.constant(0));
    Operand<TFloat32> product =
        tf.linalg.matMul(patches, tf.reshape(dy, rows), MatMul.transposeA(true));
    // Patches are laid out (row, column, input channel), the order of an HWIO kernel's first axes.
    return List.of(dy, tf.reshape(product, kernelShape), tf.zerosLike(patches));
  }

  /**
   * The input under each output pixel's window, as [batch, outH, outW, kh·kw·channels]: one strided
   * slice of the (SAME-)padded input per kernel offset, concatenated along channels.
   */
  private static Operand<TFloat32> patches(
      Ops tf, Operand<TFloat32> x, int kh, int kw, int stride, String padding) {
    int sh = stride;
    int sw = stride;
    int h = (int) x.shape().get(1);
    int w = (int) x.shape().get(2);
    boolean same = padding.equals("SAME");
    int oh = same ? Math.floorDiv(h + sh - 1, sh) : (h - kh) / sh + 1;
    int ow = same ? Math.floorDiv(w + sw - 1, sw) : (w - kw) / sw + 1;
    Operand<TFloat32> padded = x;
    if (same) {
      int padH = (int) Padding.samePaddingTotal(h, kh, sh);
      int padW = (int) Padding.samePaddingTotal(w, kw, sw);
      if (padH > 0 || padW > 0) {
        // TensorFlow's SAME puts the odd pixel of padding at the bottom and right.
        padded =
            tf.pad(
                x,
                tf.constant(
                    new int[][] {
                      {0, 0}, {padH / 2, padH - padH / 2}, {padW / 2, padW - padW / 2}, {0, 0}
                    }),
                tf.constant(0f));
      }
    }
    List<Operand<TFloat32>> offsets = new ArrayList<>(kh * kw);
    for (int i = 0; i < kh; i++) {
      for (int j = 0; j < kw; j++) {
        offsets.add(
            tf.stridedSlice(
                padded,
                tf.constant(new int[] {0, i, j, 0}),
                tf.constant(new int[] {0, i + (oh - 1) * sh + 1, j + (ow - 1) * sw + 1, 0}),
                tf.constant(new int[] {1, sh, sw, 1}),
                // batch and channels whole
                StridedSlice.beginMask(9L),
                StridedSlice.endMask(9L)));
      }
    }
    return offsets.size() == 1 ? offsets.get(0) : tf.concat(offsets, tf.constant(3));
  }
}
