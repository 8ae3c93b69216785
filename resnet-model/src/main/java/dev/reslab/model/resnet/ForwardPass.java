package dev.reslab.model.resnet;

import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.types.TFloat32;

/**
 * What one pass of a model through a graph produced.
 *
 * @param logits [N, classes] pre-activation outputs
 * @param probabilities softmax or sigmoid of the logits, per the head
 * @param outputs every named layer's output in call order ({@code conv1}, {@code layer1.0}, {@code
 *     layer1}, …)
 * @param updates ops to run with each training step (BatchNorm moving statistics); empty in
 *     inference
 */
public record ForwardPass(
    Operand<TFloat32> logits,
    Operand<TFloat32> probabilities,
    Map<String, Operand<TFloat32>> outputs,
    List<Op> updates) {

  /** The output of the named layer; an unknown name is an error that lists the valid ones. */
  public Operand<TFloat32> output(String layer) {
    Operand<TFloat32> out = outputs.get(layer);
    if (out == null) {
      throw new IllegalArgumentException(
          "unknown layer '" + layer + "'; valid layers are " + String.join(", ", outputs.keySet()));
    }
    return out;
  }
}
