package dev.reslab.analysis.explain;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * How a class-activation map weights a layer's channels from the gradients of the target score
 * (pytorch-grad-cam's {@code get_cam_weights}). The map is then {@code ReLU(Σ_c weight_c · A_c)}; a
 * new CAM method is a new implementation, given to {@link GradCam#create(ExplainableModel,
 * java.util.List, java.util.List)}.
 */
public interface CamWeighting {

  /** A short name for files and tables, e.g. {@code gradcam}. */
  String label();

  /**
   * The channel weights [N, 1, 1, C] of activations {@code a} [N, h, w, C] given the gradients
   * {@code g} of the target score with respect to them (same shape). {@code tf} is scoped for this
   * layer and method.
   */
  Operand<TFloat32> channelWeights(Ops tf, Operand<TFloat32> a, Operand<TFloat32> g);
}
