package dev.reslab.analysis.explain;

import dev.reslab.analysis.inputs.ImageBatch;
import dev.reslab.model.resnet.Head;
import dev.reslab.model.tensor.FloatTensors;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Grad-CAM and Grad-CAM++ for a fixed set of layers, all from one forward and one backward pass per batch.
 *
 * <p>The ops are built once, when this is created: a target-weight placeholder [N, K] (±1 at the target's output,
 * or the predicted output picked inside the graph), the score Σ logits · weights, <em>one</em> gradient call from
 * that score to every chosen layer (TensorFlow shares the backward pass through the deeper layers), the channel
 * weights and weighted sums per layer and method, and the bilinear upsampling to the input size. Each
 * {@link #explain} is then a single session run.
 */
public final class GradCam {
  private final ExplainableModel model;
  private final List<String> layers;
  private final Placeholder<TFloat32> explicitWeights;
  private final Placeholder<TFloat32> usePredicted;
  private final Operand<TInt64> predicted;
  private final Map<CamMethod, List<Operand<TFloat32>>> rawMaps = new EnumMap<>(CamMethod.class);
  private final Map<CamMethod, List<Operand<TFloat32>>> upsampledMaps = new EnumMap<>(CamMethod.class);

  private GradCam(ExplainableModel model, List<String> layers) {
    this.model = model;
    this.layers = List.copyOf(layers);
    List<Operand<TFloat32>> activations = new ArrayList<>();
    for (String name : layers) {
      activations.add(model.layer(name)); // unknown names fail here, listing the valid ones
    }
    Ops tf = model.ops().withSubScope("gradcam");
    int k = model.outputs();
    explicitWeights = tf.withName("target_weights").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, k)));
    usePredicted = tf.withName("use_predicted").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
    predicted = tf.math.argMax(tf.stopGradient(model.logits()), tf.constant(1));
    Operand<TFloat32> predictedOneHot = tf.oneHot(predicted, tf.constant(k), tf.constant(1f), tf.constant(0f));
    Operand<TFloat32> weights = tf.stopGradient(tf.math.add(explicitWeights,
        tf.math.mul(tf.expandDims(usePredicted, tf.constant(1)), predictedOneHot)));
    // Each image's score only depends on its own activations, so one summed score gives every image's gradients.
    Operand<TFloat32> score = tf.sum(tf.math.mul(model.logits(), weights), tf.constant(new int[] {0, 1}));
    @SuppressWarnings("unchecked")
    Output<TFloat32>[] gradients = (Output<TFloat32>[]) model.graph().addGradients(score.asOutput(),
        activations.stream().map(Operand::asOutput).toArray(Output[]::new));
    Operand<TInt32> size = tf.slice(tf.shape(model.pixels()), tf.constant(new int[] {1}), tf.constant(new int[] {2}));
    for (CamMethod method : CamMethod.values()) {
      List<Operand<TFloat32>> raw = new ArrayList<>();
      List<Operand<TFloat32>> up = new ArrayList<>();
      for (int i = 0; i < layers.size(); i++) {
        Ops scope = tf.withSubScope(method.name().toLowerCase() + "_" + i);
        Operand<TFloat32> cam = map(scope, method, activations.get(i), gradients[i]);
        raw.add(cam);
        up.add(scope.squeeze(scope.image.resizeBilinear(scope.expandDims(cam, scope.constant(3)), size,
            ResizeBilinear.halfPixelCenters(true)), org.tensorflow.op.core.Squeeze.axis(List.of(3L))));
      }
      rawMaps.put(method, raw);
      upsampledMaps.put(method, up);
    }
  }

  /** Grad-CAM for {@code layers} of {@code model}; an unknown layer name is an error listing the valid ones. */
  public static GradCam create(ExplainableModel model, List<String> layers) {
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("Grad-CAM needs at least one layer; valid layers are "
          + String.join(", ", model.layerNames()));
    }
    return new GradCam(model, layers);
  }

  /** Grad-CAM for the model's stages ({@code layer1} … {@code layer4}). */
  public static GradCam forStages(ExplainableModel model) {
    return create(model, model.stages());
  }

  public List<String> layers() {
    return layers;
  }

  public ExplainableModel model() {
    return model;
  }

  /**
   * The maps of every layer for every image: one session run.
   *
   * @param targets one target per image, or a single target for all
   */
  public GradCamResult explain(ImageBatch images, List<Target> targets, CamMethod method) {
    int n = images.batch();
    if (targets.size() != 1 && targets.size() != n) {
      throw new IllegalArgumentException("got " + targets.size() + " targets for " + n + " images; give one per "
          + "image or one for all");
    }
    int k = model.outputs();
    Head head = model.head();
    float[] explicit = new float[n * k];
    float[] fromPrediction = new float[n];
    for (int i = 0; i < n; i++) {
      Target t = targets.get(targets.size() == 1 ? 0 : i);
      t.check(head, k);
      if (t instanceof Target.Predicted) {
        fromPrediction[i] = 1f;
      } else {
        Target.Resolved r = t.resolve(-1);
        explicit[i * k + r.index()] = r.positive() ? 1f : -1f;
      }
    }
    List<Operand<TFloat32>> raw = rawMaps.get(method);
    List<Operand<TFloat32>> up = upsampledMaps.get(method);
    Session.Runner runner;
    try (TFloat32 x = ExplainableModel.tensor(images);
         TFloat32 w = FloatTensors.of(explicit, n, k);
         TFloat32 p = FloatTensors.of(fromPrediction, n)) {
      runner = model.session().runner().feed(model.pixels(), x).feed(explicitWeights, w).feed(usePredicted, p)
          .fetch(model.probabilities()).fetch(predicted);
      raw.forEach(runner::fetch);
      up.forEach(runner::fetch);
      try (Result r = runner.run()) {
        float[] probabilities = FloatTensors.toArray(r.get(0));
        long[] predictedIndex = new long[n];
        ((TInt64) r.get(1)).copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(predictedIndex, false, false));
        List<Target.Resolved> resolved = new ArrayList<>();
        float[] targetProbabilities = new float[n];
        for (int i = 0; i < n; i++) {
          Target.Resolved t = targets.get(targets.size() == 1 ? 0 : i).resolve((int) predictedIndex[i]);
          resolved.add(t);
          targetProbabilities[i] = t.probability(probabilities, i, k);
        }
        List<float[]> rawValues = new ArrayList<>();
        List<long[]> rawShapes = new ArrayList<>();
        List<float[]> maps = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
          rawValues.add(FloatTensors.toArray(r.get(2 + l)));
          rawShapes.add(FloatTensors.shape(r.get(2 + l)));
          maps.add(FloatTensors.toArray(r.get(2 + layers.size() + l)));
        }
        int[] predictedInt = new int[n];
        for (int i = 0; i < n; i++) {
          predictedInt[i] = (int) predictedIndex[i];
        }
        return new GradCamResult(method, layers, head, images, resolved, predictedInt, probabilities,
            targetProbabilities, maps, rawValues, rawShapes);
      }
    }
  }

  /** The map of one layer: ReLU(Σ_c weight_c · A_c), weights per method. */
  private static Operand<TFloat32> map(Ops tf, CamMethod method, Operand<TFloat32> a, Operand<TFloat32> g) {
    Operand<TInt32> spatial = tf.constant(new int[] {1, 2});
    Operand<TFloat32> channelWeights;
    if (method == CamMethod.GRAD_CAM) {
      channelWeights = tf.math.mean(g, spatial, org.tensorflow.op.math.Mean.keepDims(true));
    } else {
      Operand<TFloat32> g2 = tf.math.square(g);
      Operand<TFloat32> g3 = tf.math.mul(g2, g);
      Operand<TFloat32> sumA = tf.sum(a, spatial, org.tensorflow.op.core.Sum.keepDims(true));
      Operand<TFloat32> alpha = tf.math.divNoNan(g2, tf.math.add(tf.math.mul(tf.constant(2f), g2),
          tf.math.mul(sumA, g3)));
      channelWeights = tf.sum(tf.math.mul(alpha, tf.nn.relu(g)), spatial, org.tensorflow.op.core.Sum.keepDims(true));
    }
    return tf.nn.relu(tf.sum(tf.math.mul(a, channelWeights), tf.constant(3)));
  }
}
