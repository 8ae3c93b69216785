package dev.reslab.analysis.explain;

import dev.reslab.ReslabException;
import dev.reslab.analysis.inputs.ImageBatch;
import dev.reslab.analysis.inputs.ModelNormalization;
import dev.reslab.data.Normalization;
import dev.reslab.interop.savedmodel.InlinedSavedModel;
import dev.reslab.model.inference.InferenceModel;
import dev.reslab.model.resnet.FeatureInfo;
import dev.reslab.model.resnet.ForwardPass;
import dev.reslab.model.resnet.Head;
import dev.reslab.model.tensor.FloatTensors;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A model seen the way explanations need it: a placeholder for pixels in [0, 1] ([N, H, W, 3]), the
 * logits and probabilities, and every named layer's output, all in one graph with a session. The
 * model's input normalisation sits inside the graph, between the pixels and the network.
 *
 * <p>Opened from a run directory with the normalisation the run recorded ({@link #open(Path)};
 * close it), built over a reslab {@link InferenceModel} ({@link #of(InferenceModel)}, {@link
 * #of(InferenceModel, Normalization)}), or over any hand-built graph ({@link #of(Graph, Session,
 * Placeholder, Map, Operand, Head)}), which is how the tests check maps that are known
 * analytically. Only a model opened from a run owns (and closes) its graph and session.
 *
 * <pre>{@code
 * try (ExplainableModel model = ExplainableModel.open(Path.of("runs/r20"))) {
 *   GradCamResult r = GradCam.forStages(model).explain(images, List.of(Target.predicted()), CamMethod.GRAD_CAM);
 * }
 * }</pre>
 */
public final class ExplainableModel implements AutoCloseable {
  private final Graph graph;
  private final Ops tf;
  private final Session session;
  private final Placeholder<TFloat32> pixels;
  private final Map<String, Operand<TFloat32>> layers;
  private final List<FeatureInfo> features;
  private final Operand<TFloat32> logits;
  private final Operand<TFloat32> probabilities;
  private final Operand<TFloat32> predictedProbabilities;
  private final Head head;
  private final int outputs;
  private InferenceModel owned;

  private ExplainableModel(
      Graph graph,
      Session session,
      Placeholder<TFloat32> pixels,
      Map<String, Operand<TFloat32>> layers,
      List<FeatureInfo> features,
      Operand<TFloat32> logits,
      Operand<TFloat32> predictionLogits,
      Head head) {
    this.graph = graph;
    this.tf = Ops.create(graph);
    this.session = session;
    this.pixels = pixels;
    this.layers = new LinkedHashMap<>(layers);
    this.features = List.copyOf(features);
    this.logits = logits;
    this.head = head;
    long k = logits.shape().size(1);
    if (k < 1) {
      throw new IllegalArgumentException(
          "the logits need a known number of outputs, got shape " + logits.shape());
    }
    this.outputs = (int) k;
    Ops scope = tf.withSubScope("explain_probabilities");
    this.probabilities =
        head == Head.SOFTMAX ? scope.nn.softmax(logits) : scope.math.sigmoid(logits);
    this.predictedProbabilities =
        predictionLogits == logits
            ? probabilities
            : head == Head.SOFTMAX
                ? scope.nn.softmax(predictionLogits)
                : scope.math.sigmoid(predictionLogits);
  }

  /**
   * The model of a run ({@code RUN}, {@code RUN/best} or {@code RUN/checkpoints/epoch-NNN}, as
   * {@link InferenceModel#load} takes it) with the input normalisation the run recorded. Close the
   * result.
   *
   * @throws ReslabException when the run records no normalisation (give one with {@link
   *     #of(InferenceModel, Normalization)})
   */
  public static ExplainableModel open(Path run) {
    InferenceModel model = InferenceModel.load(run);
    try {
      ExplainableModel explainable = of(model);
      explainable.owned = model;
      return explainable;
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** {@code model} with the input normalisation its run recorded (see {@link #open(Path)}). */
  public static ExplainableModel of(InferenceModel model) {
    Normalization recorded =
        ModelNormalization.recorded(model.checkpoint())
            .orElseThrow(
                () ->
                    new ReslabException(
                        (model.checkpoint() == null
                                ? "a model that is not from a run"
                                : "the run " + model.checkpoint().run().root())
                            + " records no input normalisation; give the one its weights expect"));
    return of(model, recorded);
  }

  /**
   * Applies {@code model} once more (shared weights) on a new pixel placeholder normalised with
   * {@code normalization}: {@code (pixel - mean) / std} per channel.
   */
  public static ExplainableModel of(InferenceModel model, Normalization normalization) {
    Ops tf = model.ops().withSubScope("explain");
    Placeholder<TFloat32> pixels =
        tf.withName("pixels")
            .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 3)));
    Operand<TFloat32> mean = tf.constant(normalization.mean());
    Operand<TFloat32> std = tf.constant(normalization.std());
    Operand<TFloat32> normalised = tf.math.div(tf.math.sub(pixels, mean), std);
    ForwardPass pass = model.apply(normalised);
    // Forward-only work (predictions, occlusion, deletion curves) takes the faster pass where
    // the precision has one; gradients and layer outputs need the full pass.
    ForwardPass predicting = model.predictsSeparately() ? model.predict(normalised) : pass;
    return new ExplainableModel(
        model.graph(),
        model.session(),
        pixels,
        pass.outputs(),
        model.model().featureInfo(),
        pass.logits(),
        predicting.logits(),
        model.config().head());
  }

  /**
   * A SavedModel made anywhere (Keras, a {@code tf.Module}, TF1), inlined so its ops can be
   * explained: its layers are named from its ops ({@link InlinedSavedModel#layers()}), the logits
   * are the scores before its final softmax (or sigmoid: a multi-label head), else its output. It
   * has no feature info, so no {@link #stages()}; closing the result leaves {@code model} open.
   */
  public static ExplainableModel of(InlinedSavedModel model) {
    Head head = model.finalOp().equals("Sigmoid") ? Head.SIGMOID : Head.SOFTMAX;
    return new ExplainableModel(
        model.graph(),
        model.session(),
        model.pixels(),
        new LinkedHashMap<>(model.layers()),
        List.of(),
        model.preActivation(),
        model.preActivation(),
        head);
  }

  /**
   * A hand-built model: {@code pixels} is fed directly, {@code layers} are the outputs that may be
   * explained ([N, h, w, C] each), {@code logits} [N, K]. It has no feature info, so no {@link
   * #stages()}.
   */
  public static ExplainableModel of(
      Graph graph,
      Session session,
      Placeholder<TFloat32> pixels,
      Map<String, Operand<TFloat32>> layers,
      Operand<TFloat32> logits,
      Head head) {
    return new ExplainableModel(graph, session, pixels, layers, List.of(), logits, logits, head);
  }

  // The graph, ops and session are this package's business: explanations add ops to the model's
  // graph.
  Graph graph() {
    return graph;
  }

  Ops ops() {
    return tf;
  }

  Session session() {
    return session;
  }

  public Placeholder<TFloat32> pixels() {
    return pixels;
  }

  public Operand<TFloat32> logits() {
    return logits;
  }

  public Operand<TFloat32> probabilities() {
    return probabilities;
  }

  public Head head() {
    return head;
  }

  /** Number of classes (softmax) or attributes (sigmoid). */
  public int outputs() {
    return outputs;
  }

  /** Names of the layers that can be explained, in call order. */
  public List<String> layerNames() {
    return List.copyOf(layers.keySet());
  }

  /** The output of a named layer; an unknown name is an error that lists the valid ones. */
  public Operand<TFloat32> layer(String name) {
    Operand<TFloat32> out = layers.get(name);
    if (out == null) {
      throw new IllegalArgumentException(
          "unknown layer '" + name + "'; valid layers are " + String.join(", ", layers.keySet()));
    }
    return out;
  }

  /**
   * The feature maps the network offers (stem and stages, with channels and reduction); empty if
   * hand-built.
   */
  public List<FeatureInfo> featureInfo() {
    return features;
  }

  /**
   * The stages present ({@code layer1} … {@code layer4}, as many as the model has): the default
   * Grad-CAM layers.
   */
  public List<String> stages() {
    return features.stream().filter(FeatureInfo::isStage).map(FeatureInfo::name).toList();
  }

  /** Closes the model if this was {@link #open opened} from a run; otherwise the caller owns it. */
  @Override
  public void close() {
    if (owned != null) {
      owned.close();
      owned = null;
    }
  }

  /**
   * Probabilities [n, K] of a batch, row-major, from the prediction pass (in bf16 the one with
   * BatchNorm folded into the convolutions; the same values as {@link #probabilities()} up to
   * rounding).
   */
  public float[] probabilities(ImageBatch images) {
    return fetch(predictedProbabilities, images);
  }

  /** The predicted class (softmax) or most probable attribute (sigmoid) of each image. */
  public int[] predict(ImageBatch images) {
    return argmaxRows(probabilities(images), outputs);
  }

  /** A named layer's output for a batch, with its shape. */
  public LayerOutput layerOutput(String name, ImageBatch images) {
    Operand<TFloat32> op = layer(name);
    try (TFloat32 x = tensor(images);
        Result r = session.runner().feed(pixels, x).fetch(op).run()) {
      return new LayerOutput(name, FloatTensors.shape(r.get(0)), FloatTensors.toArray(r.get(0)));
    }
  }

  /** A named layer's output: values row-major, shape [N, h, w, C]. */
  public record LayerOutput(String layer, long[] shape, float[] values) {}

  float[] fetch(Operand<TFloat32> op, ImageBatch images) {
    try (TFloat32 x = tensor(images);
        Result r = session.runner().feed(pixels, x).fetch(op).run()) {
      return FloatTensors.toArray(r.get(0));
    }
  }

  static TFloat32 tensor(ImageBatch images) {
    if (images.channels() != 3) {
      throw new IllegalArgumentException(
          "the model needs RGB images (3 channels), got " + images.channels());
    }
    return FloatTensors.of(images.pixels(), images.batch(), images.height(), images.width(), 3);
  }

  static int[] argmaxRows(float[] values, int k) {
    int n = values.length / k;
    int[] best = new int[n];
    for (int i = 0; i < n; i++) {
      int b = 0;
      for (int j = 1; j < k; j++) {
        if (values[i * k + j] > values[i * k + b]) {
          b = j;
        }
      }
      best[i] = b;
    }
    return best;
  }
}
