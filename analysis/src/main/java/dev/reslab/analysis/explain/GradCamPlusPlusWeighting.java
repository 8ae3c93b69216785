package dev.reslab.analysis.explain;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Sum;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Grad-CAM++ (Chattopadhay et al. 2018): per-position coefficients g² / (2g² + ΣA·g³) times the
 * positive gradient, summed over positions (the closed form for an exponential of the score, as in
 * the paper's reference code).
 */
public final class GradCamPlusPlusWeighting implements CamWeighting {

  @Override
  public String label() {
    return "gradcam++";
  }

  @Override
  public Operand<TFloat32> channelWeights(Ops tf, Operand<TFloat32> a, Operand<TFloat32> g) {
    Operand<TInt32> spatial = tf.constant(new int[] {1, 2});
    Operand<TFloat32> g2 = tf.math.square(g);
    Operand<TFloat32> g3 = tf.math.mul(g2, g);
    Operand<TFloat32> sumA = tf.sum(a, spatial, Sum.keepDims(true));
    Operand<TFloat32> alpha =
        tf.math.divNoNan(g2, tf.math.add(tf.math.mul(tf.constant(2f), g2), tf.math.mul(sumA, g3)));
    return tf.sum(tf.math.mul(alpha, tf.nn.relu(g)), spatial, Sum.keepDims(true));
  }
}
