package dev.reslab.model.training;

import dev.reslab.model.resnet.Head;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The training loss for a head: softmax cross-entropy over one-hot classes, or sigmoid binary
 * cross-entropy over independent 0/1 labels, both from logits and averaged over the batch (and
 * labels). Optional label smoothing moves targets toward uniform: {@code y(1-ε) + ε/K} for classes,
 * {@code y(1-ε) + ε/2} for labels.
 */
public final class LossFunction {
  private LossFunction() {}

  /** Mean loss of a batch; {@code labels} has the logits' shape. */
  public static Operand<TFloat32> build(
      Ops tf, Head head, Operand<TFloat32> logits, Operand<TFloat32> labels, float labelSmoothing) {
    if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
      throw new IllegalArgumentException(
          "label smoothing must be in [0, 1), got " + labelSmoothing);
    }
    Operand<TFloat32> targets = labels;
    if (labelSmoothing > 0) {
      Operand<TFloat32> classes =
          tf.dtypes.cast(tf.shape.size(tf.shape(logits), tf.constant(1)), TFloat32.class);
      Operand<TFloat32> spread =
          head == Head.SOFTMAX
              ? tf.math.div(tf.constant(labelSmoothing), classes)
              : tf.constant(labelSmoothing / 2);
      targets = tf.math.add(tf.math.mul(labels, tf.constant(1 - labelSmoothing)), spread);
    }
    if (head == Head.SOFTMAX) {
      // The dense op: SparseSoftmaxCrossEntropyWithLogits has no registered gradient in TF-Java.
      return tf.math.mean(
          tf.nn.softmaxCrossEntropyWithLogits(logits, targets).loss(), tf.constant(0));
    }
    // Stable form of -z·log σ(x) - (1-z)·log(1-σ(x)) = max(x,0) - x·z + log(1 + e^-|x|).
    Operand<TFloat32> perLabel =
        tf.math.add(
            tf.math.sub(tf.nn.relu(logits), tf.math.mul(logits, targets)),
            tf.math.log1p(tf.math.exp(tf.math.neg(tf.math.abs(logits)))));
    return tf.math.mean(perLabel, tf.constant(new int[] {0, 1}));
  }
}
