package dev.reslab.model.layers;

import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/**
 * Batch normalisation over the channel (last) axis.
 *
 * <p>In training it normalises with the batch's statistics and adds update ops (collected in the
 * {@link CallContext}) that move the moving mean and variance toward them: {@code moving = momentum
 * * moving + (1 - momentum) * batch}, with the batch variance unbiased as in PyTorch. In inference,
 * or when the layer is frozen, it uses the moving statistics. The defaults (momentum 0.9, epsilon
 * 1e-5) are PyTorch's (its {@code momentum=0.1} is our 0.9), so imported torchvision weights match.
 */
public final class BatchNormalization extends Layer {
  private final float momentum;
  private final float epsilon;
  private ModelVariable gamma;
  private ModelVariable beta;
  private ModelVariable movingMean;
  private ModelVariable movingVariance;

  public BatchNormalization(String name) {
    this(name, 0.9f, 1e-5f);
  }

  public BatchNormalization(String name, float momentum, float epsilon) {
    super(name);
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException(
          "BatchNormalization '" + name + "': momentum must be in [0, 1), got " + momentum);
    }
    if (!(epsilon > 0)) {
      throw new IllegalArgumentException(
          "BatchNormalization '" + name + "': epsilon must be > 0, got " + epsilon);
    }
    this.momentum = momentum;
    this.epsilon = epsilon;
  }

  public float momentum() {
    return momentum;
  }

  public float epsilon() {
    return epsilon;
  }

  /** The scale γ; null before the layer is built (its first call). */
  public ModelVariable gamma() {
    return gamma;
  }

  /** The offset β; null before the layer is built. */
  public ModelVariable beta() {
    return beta;
  }

  /** The moving mean used in inference (not trainable); null before the layer is built. */
  public ModelVariable movingMean() {
    return movingMean;
  }

  /** The moving variance used in inference (not trainable); null before the layer is built. */
  public ModelVariable movingVariance() {
    return movingVariance;
  }

  @Override
  public List<VariableShape> variableShapes(Shape inputShape) {
    Shape shape = Shape.of(channels(inputShape));
    return List.of(
        new VariableShape("gamma", shape, true),
        new VariableShape("beta", shape, true),
        new VariableShape("moving_mean", shape, false),
        new VariableShape("moving_variance", shape, false));
  }

  @Override
  protected Shape outputShape(Shape inputShape, Map<String, ShapeTrace> trace) {
    return inputShape;
  }

  @Override
  protected void build(Ops root, Shape inputShape) {
    Shape shape = Shape.of(channels(inputShape));
    gamma = addVariable(root, "gamma", shape, true, Initializer.ones());
    beta = addVariable(root, "beta", shape, true, Initializer.zeros());
    movingMean = addVariable(root, "moving_mean", shape, false, Initializer.zeros());
    movingVariance = addVariable(root, "moving_variance", shape, false, Initializer.ones());
  }

  @Override
  protected Operand<TFloat32> forward(Ops tf, Operand<TFloat32> input, CallContext ctx) {
    boolean batchStatistics = ctx.trains(name());
    // Only FusedBatchNormV3 has a registered gradient (V1 does not); TF-Java's FusedBatchNorm is
    // V3.
    FusedBatchNorm<TFloat32, TFloat32> bn =
        tf.nn.fusedBatchNorm(
            input,
            gamma.value(),
            beta.value(),
            movingMean.value(),
            movingVariance.value(),
            FusedBatchNorm.epsilon(epsilon),
            FusedBatchNorm.isTraining(batchStatistics),
            FusedBatchNorm.exponentialAvgFactor(1f),
            FusedBatchNorm.dataFormat("NHWC"));
    if (batchStatistics) {
      Operand<TFloat32> keep = tf.constant(1f - momentum);
      ctx.addUpdate(
          tf.withName("update_moving_mean")
              .assignSub(
                  movingMean.variable(),
                  tf.math.mul(
                      tf.math.sub(movingMean.value(), tf.stopGradient(bn.batchMean())), keep)));
      ctx.addUpdate(
          tf.withName("update_moving_variance")
              .assignSub(
                  movingVariance.variable(),
                  tf.math.mul(
                      tf.math.sub(movingVariance.value(), tf.stopGradient(bn.batchVariance())),
                      keep)));
    }
    return bn.y();
  }

  /**
   * The per-channel affine map this layer computes in inference, {@code y = x·scale + shift}, with
   * {@code scale = γ/√(σ²+ε)} and {@code shift = β − μ·scale}, built in {@code tf}'s scope.
   */
  Affine inferenceAffine(Ops tf) {
    Operand<TFloat32> scale =
        tf.withName("folded_scale")
            .math
            .mul(
                gamma.value(),
                tf.math.rsqrt(tf.math.add(movingVariance.value(), tf.constant(epsilon))));
    Operand<TFloat32> shift =
        tf.withName("folded_shift").math.sub(beta.value(), tf.math.mul(movingMean.value(), scale));
    return new Affine(scale, shift);
  }

  /** A per-channel {@code x·scale + shift}. */
  record Affine(Operand<TFloat32> scale, Operand<TFloat32> shift) {}
}
