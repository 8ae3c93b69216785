package dev.reslab.interop.weights;

import dev.reslab.ReslabException;
import dev.reslab.interop.array.FloatArray;
import dev.reslab.model.layers.ModelVariable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Writes values into variables of a running session: one placeholder and one assign op per
 * variable, built once when the assigner is made (so repeated imports do not grow the graph).
 */
public final class VariableAssigner {
  private record Slot(
      ModelVariable variable, Placeholder<TFloat32> input, Assign<TFloat32> assign) {}

  private final Map<String, Slot> slots = new LinkedHashMap<>();

  /** Builds the assign ops for {@code variables} in the graph of {@code tf}. */
  public VariableAssigner(Ops tf, List<ModelVariable> variables) {
    Ops scope = tf.withSubScope("import");
    for (ModelVariable v : variables) {
      Placeholder<TFloat32> input = scope.placeholder(TFloat32.class, Placeholder.shape(v.shape()));
      slots.put(v.name(), new Slot(v, input, scope.assign(v.variable(), input)));
    }
  }

  /**
   * Assigns every value in one session run (the session's variables must have been initialised). A
   * name the assigner does not know, or a shape that differs, is an error before anything is
   * assigned.
   */
  public void assign(Session session, VariableValues values) {
    for (Map.Entry<String, FloatArray> e : values.values().entrySet()) {
      Slot slot = slots.get(e.getKey());
      if (slot == null) {
        throw new ReslabException("no variable named '" + e.getKey() + "' to assign");
      }
      if (!slot.variable().shape().equals(e.getValue().tfShape())) {
        throw new ReslabException(
            "variable "
                + e.getKey()
                + " has shape "
                + slot.variable().shape()
                + ", value has "
                + e.getValue().tfShape());
      }
    }
    List<Tensor> inputs = new ArrayList<>();
    try {
      Session.Runner runner = session.runner();
      for (Map.Entry<String, FloatArray> e : values.values().entrySet()) {
        Slot slot = slots.get(e.getKey());
        TFloat32 t = e.getValue().toTensor();
        inputs.add(t);
        runner.feed(slot.input(), t).addTarget(slot.assign());
      }
      runner.run().close();
    } finally {
      inputs.forEach(Tensor::close);
    }
  }
}
