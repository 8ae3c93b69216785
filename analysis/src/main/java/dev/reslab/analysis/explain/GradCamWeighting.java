package dev.reslab.analysis.explain;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/** Grad-CAM (Selvaraju et al. 2017): the spatial mean of the gradient per channel. */
public final class GradCamWeighting implements CamWeighting {

  @Override
  public String label() {
    return "gradcam";
  }

  @Override
  public Operand<TFloat32> channelWeights(Ops tf, Operand<TFloat32> a, Operand<TFloat32> g) {
    return tf.math.mean(g, tf.constant(new int[] {1, 2}), Mean.keepDims(true));
  }
}
