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
  private final boolean predictionOnly;
  private final boolean smallMapKernelGradients;
  private final boolean tiledSmallMaps;
  private final Map<String, Operand<TFloat32>> outputs = new LinkedHashMap<>();
  private final List<Op> updates = new ArrayList<>();

  private CallContext(
      Ops root,
      boolean training,
      Predicate<String> frozen,
      boolean predictionOnly,
      boolean smallMapKernelGradients,
      boolean tiledSmallMaps) {
    this.root = Objects.requireNonNull(root, "root");
    this.training = training;
    this.frozen = Objects.requireNonNull(frozen, "frozen");
    this.predictionOnly = predictionOnly;
    this.smallMapKernelGradients = smallMapKernelGradients;
    this.tiledSmallMaps = tiledSmallMaps;
  }

  /** A pass in training mode (batch statistics, dropout active) with nothing frozen. */
  public static CallContext training(Ops root) {
    return new CallContext(root, true, name -> false, false, false, false);
  }

  /** A pass in training mode in which layers matched by {@code frozen} behave as in inference. */
  public static CallContext training(Ops root, Predicate<String> frozen) {
    return new CallContext(root, true, frozen, false, false, false);
  }

  /**
   * A pass in training mode for a bfloat16 session: as {@link #training(Ops, Predicate)}, and
   * convolutions over maps of at most 4×4 pixels run tiled into larger maps ({@link
   * SmallMapTiling}) and compute their kernel gradient as one matrix product, which oneDNN's
   * bfloat16 kernels run 3–4× faster than its backward-weights convolution there ({@link
   * SmallMapKernelGradient}).
   */
  public static CallContext bf16Training(Ops root, Predicate<String> frozen) {
    return bf16Training(root, frozen, true, true);
  }

  /**
   * A bf16 training pass with each of its two small-map paths chosen: kernel gradients as matrix
   * products ({@link SmallMapKernelGradient}) and maps of at most 4×4 outputs tiled into larger
   * ones ({@link SmallMapTiling}); each can be switched off to measure what it is worth.
   */
  public static CallContext bf16Training(
      Ops root, Predicate<String> frozen, boolean kernelGradients, boolean tiling) {
    return new CallContext(root, true, frozen, false, kernelGradients, tiling);
  }

  /** A pass in inference mode (moving statistics, no dropout). */
  public static CallContext inference(Ops root) {
    return new CallContext(root, false, name -> false, false, false, false);
  }

  /**
   * A pass in inference mode whose outputs are predictions only, never differentiated, so it may
   * compute them the fastest way, equal up to float rounding: each convolution followed by
   * BatchNorm runs as one convolution, the kernel scaled by γ/√(σ²+ε) per output channel plus the
   * bias β − μ·γ/√(σ²+ε). That is the Conv2D+BiasAdd(+Add)+ReLU that oneDNN fuses in every
   * precision; TensorFlow's bfloat16 rewrite keeps Conv2D and FusedBatchNorm apart, which cost a
   * bf16 ResNet about a quarter of its inference time. A folded convolution's own output does not
   * exist in this pass, so {@link #outputs()} records the BatchNorm's (which equals the fused
   * convolution's) and not the convolution's.
   */
  public static CallContext prediction(Ops root) {
    return new CallContext(root, false, name -> false, true, false, false);
  }

  /**
   * A {@link #prediction} pass for a bf16 session, in which convolutions over maps of at most 4×4
   * outputs run tiled into larger maps when {@code tiling} ({@link SmallMapTiling}: oneDNN's AMX
   * kernels run small maps at a fraction of their speed).
   */
  public static CallContext bf16Prediction(Ops root, boolean tiling) {
    return new CallContext(root, false, name -> false, true, false, tiling);
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

  /** Whether this pass only predicts (see {@link #prediction(Ops)}). */
  public boolean predictionOnly() {
    return predictionOnly;
  }

  /** Whether small maps' kernel gradients are matrix products (see {@link #bf16Training}). */
  public boolean smallMapKernelGradients() {
    return smallMapKernelGradients;
  }

  /** Whether convolutions over small maps run tiled into larger maps ({@link SmallMapTiling}). */
  public boolean tiledSmallMaps() {
    return tiledSmallMaps;
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
