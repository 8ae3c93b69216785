package dev.reslab.model.layers;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.StridedSlice;
import org.tensorflow.types.TFloat32;

/**
 * 2-D convolution over NHWC input with an HWIO kernel, He-normal initialised, optional bias.
 *
 * <p>Build with {@link #builder(String, int)}: {@code Conv2D.builder("conv1",
 * 64).kernel(7).stride(2) .padding(Padding.symmetric(3)).seed(s).build()}.
 */
public final class Conv2D extends Layer {
  private final int filters;
  private final int kernel;
  private final int stride;
  private final Padding padding;
  private final boolean useBias;
  private final long seed;
  private Operand<TFloat32> kernelValue;
  private Operand<TFloat32> biasValue;

  private Conv2D(Builder b) {
    super(b.name);
    if (b.filters < 1) {
      throw new IllegalArgumentException(
          "Conv2D '" + b.name + "': filters must be at least 1, got " + b.filters);
    }
    if (b.kernel < 1 || b.stride < 1) {
      throw new IllegalArgumentException(
          "Conv2D '"
              + b.name
              + "': kernel and stride must be at least 1, got kernel "
              + b.kernel
              + " and stride "
              + b.stride);
    }
    this.filters = b.filters;
    this.kernel = b.kernel;
    this.stride = b.stride;
    this.padding = b.padding;
    this.useBias = b.useBias;
    this.seed = b.seed;
  }

  /** A convolution named {@code name} producing {@code filters} channels (required settings). */
  public static Builder builder(String name, int filters) {
    return new Builder(name, filters);
  }

  public int filters() {
    return filters;
  }

  public int kernelSize() {
    return kernel;
  }

  public int stride() {
    return stride;
  }

  public Padding padding() {
    return padding;
  }

  @Override
  protected void build(Ops root, Shape inputShape) {
    List<VariableShape> shapes = variableShapes(inputShape);
    kernelValue =
        addVariable(root, "kernel", shapes.get(0).shape(), true, Initializer.heNormal(seed))
            .value();
    if (useBias) {
      biasValue =
          addVariable(root, "bias", shapes.get(1).shape(), true, Initializer.zeros()).value();
    }
  }

  @Override
  public List<VariableShape> variableShapes(Shape inputShape) {
    VariableShape k =
        new VariableShape("kernel", Shape.of(kernel, kernel, channels(inputShape), filters), true);
    return useBias ? List.of(k, new VariableShape("bias", Shape.of(filters), true)) : List.of(k);
  }

  @Override
  protected Shape outputShape(Shape inputShape, Map<String, ShapeTrace> trace) {
    return padding.windowOutput(inputShape, kernel, stride, filters, name());
  }

  /**
   * Input channels from which a strided 1×1 convolution is left to oneDNN: four times the widest
   * block (16 float32 channels on AVX-512; 32 bfloat16 with AMX) seen in its kernels.
   */
  static final long ONEDNN_SAFE_STRIDED_CHANNELS = 64;

  @Override
  protected Operand<TFloat32> forward(Ops tf, Operand<TFloat32> input, CallContext ctx) {
    Shape output = outputShape(input.shape(), Map.of());
    boolean matMulKernelGradient =
        ctx.smallMapKernelGradients()
            && ctx.trains(name())
            && SmallMapKernelGradient.applies(output);
    Operand<TFloat32> y =
        convolve(tf, input, kernelValue, matMulKernelGradient, tiles(ctx, input.shape()));
    return useBias ? tf.nn.biasAdd(y, biasValue) : y;
  }

  /**
   * This convolution followed by {@code bn} in inference, as one convolution with the kernel scaled
   * per output channel and a bias (see {@link CallContext#prediction}). Both layers must be built;
   * {@code tf} is scoped to the BatchNorm.
   */
  Operand<TFloat32> foldedWith(
      BatchNormalization bn, Ops tf, Operand<TFloat32> input, CallContext ctx) {
    BatchNormalization.Affine affine = bn.inferenceAffine(tf);
    // HWIO: the per-output-channel scale broadcasts over the last axis.
    Operand<TFloat32> kernel = tf.withName("folded_kernel").math.mul(kernelValue, affine.scale());
    Operand<TFloat32> bias =
        useBias
            ? tf.math.add(affine.shift(), tf.math.mul(biasValue, affine.scale()))
            : affine.shift();
    return tf.nn.biasAdd(convolve(tf, input, kernel, false, tiles(ctx, input.shape())), bias);
  }

  /** Whether this pass runs the convolution over {@code input} tiled ({@link SmallMapTiling}). */
  private boolean tiles(CallContext ctx, Shape input) {
    return ctx.tiledSmallMaps()
        && SmallMapTiling.applies(input, outputShape(input, Map.of()), kernel);
  }

  private Operand<TFloat32> convolve(
      Ops tf,
      Operand<TFloat32> input,
      Operand<TFloat32> weights,
      boolean matMulKernelGradient,
      boolean tiled) {
    Operand<TFloat32> x = input;
    long s = stride;
    if (kernel == 1 && stride > 1 && x.shape().get(3) < ONEDNN_SAFE_STRIDED_CHANNELS) {
      // A strided 1x1 convolution reads every s-th pixel: take those first, then convolve with
      // stride 1 (the same result under any padding, as a 1x1 window pads nothing). This keeps a
      // narrow input off oneDNN's strided 1x1 backward-weights kernel, which writes past its buffer
      // when there are fewer input channels than its block (16 on AVX-512): a JVM crash or a hang
      // while training a projection shortcut of width <= 0.125 (oneDNN 3.5 in TensorFlow 2.18,
      // oneDNN issue 6035). Wide inputs keep the strided kernel: the slice and its gradient cost
      // ResNet-18 about 3 % of a training step.
      x =
          tf.stridedSlice(
              x,
              tf.constant(new int[4]),
              tf.constant(new int[4]),
              tf.constant(new int[] {1, stride, stride, 1}),
              StridedSlice.beginMask(15L),
              StridedSlice.endMask(15L));
      s = 1;
    }
    Operand<TFloat32> unpadded = x;
    long strideUsed = s;
    boolean same = padding.sameAsSymmetric(kernel, (int) s, x.shape());
    String opPadding = same ? "SAME" : padding.opPadding();
    // The explicit Pad only where a plain convolution or the kernel gradient's patches read it.
    Operand<TFloat32> padded =
        same || (tiled && !matMulKernelGradient) ? x : SpatialPadding.apply(tf, x, padding, 0f);
    UnaryOperator<Operand<TFloat32>> convolution =
        tiled
            ? k ->
                SmallMapTiling.convolve(
                    tf,
                    unpadded,
                    k,
                    (int) strideUsed,
                    padding.sides(unpadded.shape(), kernel, (int) strideUsed))
            : k -> tf.nn.conv2d(padded, k, List.of(1L, strideUsed, strideUsed, 1L), opPadding);
    return matMulKernelGradient
        ? SmallMapKernelGradient.convolve(tf, padded, weights, (int) s, opPadding, convolution)
        : convolution.apply(weights);
  }

  /**
   * Settings of a {@link Conv2D}; defaults: 3×3 kernel, stride 1, SAME padding, no bias, seed 0.
   */
  public static final class Builder {
    private final String name;
    private final int filters;
    private int kernel = 3;
    private int stride = 1;
    private Padding padding = Padding.SAME;
    private boolean useBias;
    private long seed;

    private Builder(String name, int filters) {
      this.name = name;
      this.filters = filters;
    }

    public Builder kernel(int size) {
      this.kernel = size;
      return this;
    }

    public Builder stride(int stride) {
      this.stride = stride;
      return this;
    }

    public Builder padding(Padding padding) {
      this.padding = padding;
      return this;
    }

    public Builder useBias(boolean useBias) {
      this.useBias = useBias;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Conv2D build() {
      return new Conv2D(this);
    }
  }
}
