package dev.reslab.model.layers;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * One variable of a model.
 *
 * @param name the variable's graph name, {@code <layer>/<role>} (for example {@code
 *     layer1.0.conv1/kernel})
 * @param layer the owning layer's name
 * @param role what the variable is to its layer: {@code kernel}, {@code bias}, {@code gamma},
 *     {@code beta}, {@code moving_mean} or {@code moving_variance}
 * @param variable the variable op itself (assign to it, save it)
 * @param value the variable read through {@code identity}; every computation uses this
 * @param trainable whether an optimizer may change it (BatchNorm moving statistics are not
 *     trainable)
 */
public record ModelVariable(
    String name,
    String layer,
    String role,
    Variable<TFloat32> variable,
    Operand<TFloat32> value,
    boolean trainable) {

  /** The variable's static shape. */
  public Shape shape() {
    return variable.shape();
  }

  /** Number of scalar values held. */
  public long size() {
    return variable.shape().size();
  }
}
