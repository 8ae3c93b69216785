package dev.reslab.analysis.explain;

import dev.reslab.analysis.inputs.ImageBatch;
import dev.reslab.model.resnet.Head;
import dev.reslab.model.tensor.FloatTensors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Grad-CAM and Grad-CAM++ for a fixed set of layers, all from one forward and one backward pass per
 * batch.
 *
 * <p>The ops are built once, when this is created: a target-weight placeholder [N, K] (±1 at the
 * target's output, or the predicted output picked inside the graph), the score Σ logits · weights,
 * <em>one</em> gradient call from that score to every chosen layer (TensorFlow shares the backward
 * pass through the deeper layers), the channel weights and weighted sums per layer and method
 * ({@link CamWeighting}), and the bilinear upsampling to the input size. Each {@link #explain} is
 * then a single session run.
 *
 * <pre>{@code
 * GradCam cam = GradCam.forStages(ExplainableModel.of(model, normalization));
 * GradCamResult r = cam.explain(images, List.of(Target.predicted()), CamMethod.GRAD_CAM);
 * float[] layer4 = r.map(r.layers().indexOf("layer4"), 0);
 * }</pre>
 */
public final class GradCam {
  private final ExplainableModel model;
  private final List<String> layers;
  private final Placeholder<TFloat32> explicitWeights;
  private final Placeholder<TFloat32> usePredicted;
  private final Operand<TInt64> predicted;

  /** Per weighting, per layer: the map at the layer's resolution and upsampled to the input's. */
  private final Map<CamWeighting, Map<String, Maps>> maps = new LinkedHashMap<>();

  private record Maps(Operand<TFloat32> raw, Operand<TFloat32> upsampled) {}

  private GradCam(
      ExplainableModel model, List<String> layers, List<? extends CamWeighting> weightings) {
    this.model = model;
    this.layers = List.copyOf(layers);
    List<Operand<TFloat32>> activations = new ArrayList<>();
    for (String name : layers) {
      activations.add(model.layer(name)); // unknown names fail here, listing the valid ones
    }
    Ops tf = model.ops().withSubScope("gradcam");
    int k = model.outputs();
    explicitWeights =
        tf.withName("target_weights")
            .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, k)));
    usePredicted =
        tf.withName("use_predicted").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
    predicted = tf.math.argMax(tf.stopGradient(model.logits()), tf.constant(1));
    Operand<TFloat32> predictedOneHot =
        tf.oneHot(predicted, tf.constant(k), tf.constant(1f), tf.constant(0f));
    Operand<TFloat32> weights =
        tf.stopGradient(
            tf.math.add(
                explicitWeights,
                tf.math.mul(tf.expandDims(usePredicted, tf.constant(1)), predictedOneHot)));
    // Each image's score only depends on its own activations, so one summed score gives every
    // image's gradients.
    Operand<TFloat32> score =
        tf.sum(tf.math.mul(model.logits(), weights), tf.constant(new int[] {0, 1}));
    @SuppressWarnings("unchecked")
    Output<TFloat32>[] gradients =
        (Output<TFloat32>[])
            model
                .graph()
                .addGradients(
                    score.asOutput(),
                    activations.stream().map(Operand::asOutput).toArray(Output[]::new));
    Operand<TInt32> size =
        tf.slice(tf.shape(model.pixels()), tf.constant(new int[] {1}), tf.constant(new int[] {2}));
    int w = 0;
    for (CamWeighting weighting : weightings) {
      Map<String, Maps> perLayer = new LinkedHashMap<>();
      for (int i = 0; i < layers.size(); i++) {
        Ops scope = tf.withSubScope("method" + w + "_" + i);
        Operand<TFloat32> a = activations.get(i);
        Operand<TFloat32> channelWeights = weighting.channelWeights(scope, a, gradients[i]);
        Operand<TFloat32> cam =
            scope.nn.relu(scope.sum(scope.math.mul(a, channelWeights), scope.constant(3)));
        Operand<TFloat32> up =
            scope.squeeze(
                scope.image.resizeBilinear(
                    scope.expandDims(cam, scope.constant(3)),
                    size,
                    ResizeBilinear.halfPixelCenters(true)),
                Squeeze.axis(List.of(3L)));
        perLayer.put(layers.get(i), new Maps(cam, up));
      }
      maps.put(weighting, perLayer);
      w++;
    }
  }

  /**
   * Grad-CAM and Grad-CAM++ ({@link CamMethod}) for {@code layers} of {@code model}; an unknown
   * layer name is an error listing the valid ones.
   */
  public static GradCam create(ExplainableModel model, List<String> layers) {
    return create(model, layers, List.of(CamMethod.values()));
  }

  /**
   * Class-activation maps of {@code layers} with each of {@code weightings} (any {@link
   * CamWeighting}).
   */
  public static GradCam create(
      ExplainableModel model, List<String> layers, List<? extends CamWeighting> weightings) {
    if (layers.isEmpty()) {
      throw new IllegalArgumentException(
          "Grad-CAM needs at least one layer; valid layers are "
              + String.join(", ", model.layerNames()));
    }
    if (weightings.isEmpty()) {
      throw new IllegalArgumentException("Grad-CAM needs at least one channel weighting");
    }
    return new GradCam(model, layers, weightings);
  }

  /** Grad-CAM for the model's stages ({@code layer1} … {@code layer4}, from its feature info). */
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
   * @param method one of the weightings this was created with
   */
  public GradCamResult explain(ImageBatch images, List<Target> targets, CamWeighting method) {
    Map<String, Maps> methodMaps = maps.get(method);
    if (methodMaps == null) {
      throw new IllegalArgumentException(
          "this Grad-CAM was built for "
              + String.join(", ", maps.keySet().stream().map(CamWeighting::label).toList())
              + ", not for "
              + method.label());
    }
    int n = images.batch();
    if (targets.size() != 1 && targets.size() != n) {
      throw new IllegalArgumentException(
          "got "
              + targets.size()
              + " targets for "
              + n
              + " images; give one per "
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
    try (TFloat32 x = ExplainableModel.tensor(images);
        TFloat32 w = FloatTensors.of(explicit, n, k);
        TFloat32 p = FloatTensors.of(fromPrediction, n)) {
      NamedFetches fetches =
          new NamedFetches(
                  model
                      .session()
                      .runner()
                      .feed(model.pixels(), x)
                      .feed(explicitWeights, w)
                      .feed(usePredicted, p))
              .fetch("probabilities", model.probabilities())
              .fetch("predicted", predicted);
      methodMaps.forEach(
          (layer, m) -> fetches.fetch("raw:" + layer, m.raw()).fetch("up:" + layer, m.upsampled()));
      try (NamedFetches.Values r = fetches.run()) {
        float[] probabilities = FloatTensors.toArray(r.get("probabilities"));
        long[] predictedIndex = new long[n];
        ((TInt64) r.get("predicted")).copyTo(DataBuffers.of(predictedIndex, false, false));
        List<Target.Resolved> resolved = new ArrayList<>();
        float[] targetProbabilities = new float[n];
        int[] predictedInt = new int[n];
        for (int i = 0; i < n; i++) {
          predictedInt[i] = (int) predictedIndex[i];
          Target.Resolved t = targets.get(targets.size() == 1 ? 0 : i).resolve(predictedInt[i]);
          resolved.add(t);
          targetProbabilities[i] = t.probability(probabilities, i, k);
        }
        List<float[]> rawValues = new ArrayList<>();
        List<long[]> rawShapes = new ArrayList<>();
        List<float[]> upsampled = new ArrayList<>();
        for (String layer : layers) {
          rawValues.add(FloatTensors.toArray(r.get("raw:" + layer)));
          rawShapes.add(FloatTensors.shape(r.get("raw:" + layer)));
          upsampled.add(FloatTensors.toArray(r.get("up:" + layer)));
        }
        return new GradCamResult(
            method,
            layers,
            head,
            images,
            resolved,
            predictedInt,
            probabilities,
            targetProbabilities,
            upsampled,
            rawValues,
            rawShapes);
      }
    }
  }
}
