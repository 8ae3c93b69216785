package dev.reslab.model.training;

import dev.reslab.model.layers.ModelVariable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.train.ApplyMomentum;
import org.tensorflow.types.TFloat32;

/**
 * Builds one training step's updates with TensorFlow's raw {@code ApplyAdam} / {@code
 * ApplyMomentum} ops.
 *
 * <p>The framework's {@code Optimizer.minimize} is not usable here: it gathers every variable in
 * the graph (BatchNorm moving statistics have no gradient), rejects names with '/', and bakes the
 * learning rate into the graph. Slots are ordinary variables ({@code
 * optimizer/<layer>.<role>_adam_m}, …), so checkpoints carry the optimizer state and a resumed run
 * continues exactly.
 */
final class OptimizerOps {
  private OptimizerOps() {}

  /**
   * The ops that apply one step: gradients of {@code loss} with respect to {@code variables}, then
   * the optimizer update and decoupled weight decay, with {@code learningRate} fed at run time.
   */
  static List<Op> build(
      Ops tf,
      Graph graph,
      OptimizerConfig config,
      Operand<TFloat32> loss,
      List<ModelVariable> variables,
      Operand<TFloat32> learningRate) {
    Output<?>[] xs = variables.stream().map(v -> v.value().asOutput()).toArray(Output[]::new);
    Output<?>[] grads = graph.addGradients(loss.asOutput(), xs);
    // Reads of a ref variable alias its buffer: an update must not run while an op of this step may
    // still read the old value, or results depend on scheduling. Each update waits for the ops that
    // read its own variable (forward and backward; the validation pass is built later and is not
    // among them), so late layers update while the backward pass of early ones still runs.
    List<Ops> afterReaders = new ArrayList<>();
    for (ModelVariable v : variables) {
      afterReaders.add(tf.withControlDependencyOps(List.copyOf(readers(v))));
    }
    Ops init = tf.withInitScope();
    List<Op> applies = new ArrayList<>();
    if (config.type() == OptimizerConfig.Type.ADAM) {
      Variable<TFloat32> beta1Power =
          tf.withName("beta1_power").variable(init.constant((float) config.beta1()));
      Variable<TFloat32> beta2Power =
          tf.withName("beta2_power").variable(init.constant((float) config.beta2()));
      for (int i = 0; i < variables.size(); i++) {
        ModelVariable v = variables.get(i);
        Variable<TFloat32> m = slot(tf, init, v, "adam_m");
        Variable<TFloat32> s = slot(tf, init, v, "adam_v");
        @SuppressWarnings("unchecked")
        Operand<TFloat32> grad = (Operand<TFloat32>) grads[i];
        applies.add(
            afterReaders
                .get(i)
                .train
                .applyAdam(
                    v.variable(),
                    m,
                    s,
                    beta1Power,
                    beta2Power,
                    learningRate,
                    tf.constant((float) config.beta1()),
                    tf.constant((float) config.beta2()),
                    tf.constant((float) config.epsilon()),
                    grad));
      }
      // The bias corrections advance once per step, after every variable used the current powers.
      Ops after = tf.withControlDependencies(applies);
      List<Op> all = new ArrayList<>(applies);
      all.add(
          after.assign(
              beta1Power, after.math.mul(beta1Power, after.constant((float) config.beta1()))));
      all.add(
          after.assign(
              beta2Power, after.math.mul(beta2Power, after.constant((float) config.beta2()))));
      applies = all;
    } else {
      for (int i = 0; i < variables.size(); i++) {
        ModelVariable v = variables.get(i);
        @SuppressWarnings("unchecked")
        Operand<TFloat32> grad = (Operand<TFloat32>) grads[i];
        Ops after = afterReaders.get(i);
        if (config.momentum() == 0) {
          applies.add(after.train.applyGradientDescent(v.variable(), learningRate, grad));
        } else {
          Variable<TFloat32> accum = slot(tf, init, v, "momentum");
          applies.add(
              after.train.applyMomentum(
                  v.variable(),
                  accum,
                  learningRate,
                  grad,
                  tf.constant((float) config.momentum()),
                  ApplyMomentum.useNesterov(config.nesterov())));
        }
      }
    }
    if (config.weightDecay() > 0) {
      // Decoupled decay (Loshchilov & Hutter): w -= lr·wd·w, on kernels only, after the gradient
      // update.
      Ops after = tf.withControlDependencies(applies);
      List<Op> all = new ArrayList<>(applies);
      Operand<TFloat32> factor =
          after.math.mul(learningRate, after.constant((float) config.weightDecay()));
      for (ModelVariable v : variables) {
        if (v.role().equals("kernel")) {
          all.add(
              after.assignSub(v.variable(), after.math.mul(after.identity(v.variable()), factor)));
        }
      }
      applies = all;
    }
    return applies;
  }

  /** The ops that read {@code v}'s value: every computation reads it through one identity. */
  private static Set<GraphOperation> readers(ModelVariable v) {
    return ((GraphOperation) v.value().op()).consumers();
  }

  private static Variable<TFloat32> slot(Ops tf, Ops init, ModelVariable v, String name) {
    Shape shape = v.shape();
    return tf.withName(v.layer() + "." + v.role() + "_" + name)
        .variable(init.fill(init.constant(shape.asArray()), init.constant(0f)));
  }
}
