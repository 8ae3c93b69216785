package dev.reslab.model.layers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The state of one pass of layers through a graph: the training flag, which layers are frozen,
 * where variables are created, and what the pass produced (every layer's output by name, and the
 * update ops BatchNorm needs run).
 *
 * <p>Use one context per pass; a training pass and an evaluation pass over the same layers share
 * variables.
 */
public final class CallContext {
  private final Ops root;
  private final boolean training;
  private final Predicate<String> frozen;
  private final Map<String, Operand<TFloat32>> outputs = new LinkedHashMap<>();
  private final List<Op> updates = new ArrayList<>();

  private CallContext(Ops root, boolean training, Predicate<String> frozen) {
    this.root = Objects.requireNonNull(root, "root");
    this.training = training;
    this.frozen = Objects.requireNonNull(frozen, "frozen");
  }

  /** A pass in training mode (batch statistics, dropout active) with nothing frozen. */
  public static CallContext training(Ops root) {
    return new CallContext(root, true, name -> false);
  }

  /** A pass in training mode in which layers matched by {@code frozen} behave as in inference. */
  public static CallContext training(Ops root, Predicate<String> frozen) {
    return new CallContext(root, true, frozen);
  }

  /** A pass in inference mode (moving statistics, no dropout). */
  public static CallContext inference(Ops root) {
    return new CallContext(root, false, name -> false);
  }

  /**
   * The graph's root ops: variables are created from here so their names do not depend on the pass.
   */
  public Ops root() {
    return root;
  }

  public boolean training() {
    return training;
  }

  /** Whether this layer trains in this pass: training mode and not frozen. */
  public boolean trains(String layerName) {
    return training && !frozen.test(layerName);
  }

  void record(String name, Operand<TFloat32> output) {
    outputs.put(name, output);
  }

  /** Adds an op that must run with each training step (BatchNorm moving statistics). */
  public void addUpdate(Op update) {
    updates.add(update);
  }

  /** Every layer's output in call order, by layer name. */
  public Map<String, Operand<TFloat32>> outputs() {
    return Collections.unmodifiableMap(outputs);
  }

  /** The update ops collected during the pass. */
  public List<Op> updates() {
    return Collections.unmodifiableList(updates);
  }
}
