package dev.reslab.model.inference;

import dev.reslab.model.engine.Precision;
import dev.reslab.model.engine.SessionOptions;
import dev.reslab.model.layers.CallContext;
import dev.reslab.model.layers.ModelVariable;
import dev.reslab.model.resnet.ForwardPass;
import dev.reslab.model.resnet.ResNet;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.run.RunDirectory;
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
 * A model ready for inference: an inference graph with a float image placeholder ([N, H, W, 3], any
 * size), a session, and weights that are fresh, restored from a run's checkpoint, or assigned by an
 * importer. Every named layer's output is available through {@link #pass()} for explanations; more
 * ops may be added to {@link #graph()}. Predictions (logits, probabilities, losses) come from
 * {@link #predictions()} or {@link #predict}, the fastest pass for the precision in effect.
 *
 * <p>The placeholder takes images already normalised as the model's training data was (for a run,
 * {@code (pixel / 255 - mean) / std} with the statistics its {@code config.json} records under
 * {@code data.normalization}); the model applies none itself. The analysis module's {@code
 * ModelEvaluation} feeds a run's data normalised so, and its {@code ExplainableModel} takes pixels
 * in [0, 1] and normalises inside.
 */
public final class InferenceModel implements AutoCloseable {
  private final ResNetConfig config;
  private final Graph graph;
  private final Ops tf;
  private final ResNet model;
  private final Placeholder<TFloat32> images;
  private final ForwardPass pass;
  private final ForwardPass predictions;
  private final Session session;
  private final RunDirectory.Checkpoint checkpoint;
  private final SessionOptions sessionOptions;

  private InferenceModel(
      ResNetConfig config, RunDirectory.Checkpoint checkpoint, SessionOptions sessionOptions) {
    this.config = config;
    this.checkpoint = checkpoint;
    this.sessionOptions = sessionOptions;
    this.graph = new Graph();
    Session opened = null;
    try {
      this.tf = Ops.create(graph);
      this.model = ResNet.build(config);
      this.images =
          tf.withName("images")
              .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 3)));
      this.pass = model.apply(tf, images, CallContext.inference(tf));
      CallContext predicting = sessionOptions.predictionContext(tf);
      this.predictions = predicting.predictionOnly() ? model.apply(tf, images, predicting) : pass;
      opened = sessionOptions.open(graph);
      if (checkpoint == null) {
        opened.initialize();
      } else {
        checkpoint.restoreInto(opened);
      }
      this.session = opened;
    } catch (RuntimeException e) {
      // The session first: Graph.close() waits, forever, for every session on it to close.
      if (opened != null) {
        opened.close();
      }
      graph.close();
      throw e;
    }
  }

  /** A model with fresh (seeded) weights, computing in float32. */
  public static InferenceModel create(ResNetConfig config) {
    return create(config, Precision.FP32);
  }

  /** A model with fresh (seeded) weights computing in {@code precision} where this machine can. */
  public static InferenceModel create(ResNetConfig config, Precision precision) {
    return new InferenceModel(config, null, SessionOptions.of(precision, 0, config));
  }

  /**
   * The model of a run: {@code RUN} (its best epoch, else its last), {@code RUN/best} or {@code
   * RUN/checkpoints/epoch-NNN}.
   */
  public static InferenceModel load(Path modelArg) {
    return load(modelArg, Precision.FP32);
  }

  /**
   * The model of a run (as {@link #load(Path)}) computing in {@code precision} where this machine
   * can.
   */
  public static InferenceModel load(Path modelArg, Precision precision) {
    RunDirectory.Checkpoint cp = RunDirectory.resolve(modelArg);
    ResNetConfig config = cp.run().readConfig().model();
    return new InferenceModel(config, cp, SessionOptions.of(precision, 0, config));
  }

  public ResNetConfig config() {
    return config;
  }

  /** The checkpoint the weights came from, or null for fresh or imported weights. */
  public RunDirectory.Checkpoint checkpoint() {
    return checkpoint;
  }

  /** The session's options: the precision in effect, and why it is not the one asked for, if so. */
  public SessionOptions sessionOptions() {
    return sessionOptions;
  }

  public Graph graph() {
    return graph;
  }

  public Ops ops() {
    return tf;
  }

  public Session session() {
    return session;
  }

  public ResNet model() {
    return model;
  }

  public Placeholder<TFloat32> images() {
    return images;
  }

  /** The pass over {@link #images()} with every named layer's output (for explanations). */
  public ForwardPass pass() {
    return pass;
  }

  /**
   * The pass over {@link #images()} to take predictions from: {@link #pass()} in fp32; in bf16 a
   * second pass with BatchNorm folded into the convolutions (see {@link
   * SessionOptions#predictionContext}), whose outputs lack the folded convolutions'.
   */
  public ForwardPass predictions() {
    return predictions;
  }

  /**
   * Applies the model again in this graph (shared weights), e.g. on a tf.data pipeline's images.
   */
  public ForwardPass apply(Operand<TFloat32> input) {
    return model.apply(tf, input, CallContext.inference(tf));
  }

  /**
   * Whether predictions take a pass of their own ({@link #predictions()} is not {@link #pass()}),
   * so that a caller with a pass of {@link #apply} needs a {@link #predict} pass for fast
   * predictions.
   */
  public boolean predictsSeparately() {
    return predictions != pass;
  }

  /**
   * Applies the model to {@code input} in this graph (shared weights) for predictions only, as
   * {@link #predictions()} is to {@link #pass()}.
   */
  public ForwardPass predict(Operand<TFloat32> input) {
    return model.apply(tf, input, sessionOptions.predictionContext(tf));
  }

  /** Logits for a row-major [n, h, w, 3] batch of normalised images (see the class comment). */
  public float[] logits(float[] nhwc, int n, int h, int w) {
    return fetch(predictions.logits(), nhwc, n, h, w);
  }

  /** Probabilities (softmax or sigmoid per the head) for a row-major [n, h, w, 3] batch. */
  public float[] probabilities(float[] nhwc, int n, int h, int w) {
    return fetch(predictions.probabilities(), nhwc, n, h, w);
  }

  /** The output of a named layer for a batch. */
  public float[] layerOutput(String layer, float[] nhwc, int n, int h, int w) {
    return fetch(pass.output(layer), nhwc, n, h, w);
  }

  private float[] fetch(Operand<TFloat32> op, float[] nhwc, int n, int h, int w) {
    try (TFloat32 x = FloatTensors.of(nhwc, n, h, w, 3);
        Result r = session.runner().feed(images, x).fetch(op).run()) {
      return FloatTensors.toArray(r.get(0));
    }
  }

  /** Every variable's current value by name ({@code layer1.0.conv1/kernel}, …). */
  public Map<String, float[]> variableValues() {
    Map<String, float[]> values = new LinkedHashMap<>();
    List<ModelVariable> vars = model.variables();
    for (ModelVariable v : vars) {
      try (Result r = session.runner().fetch(v.value()).run()) {
        values.put(v.name(), FloatTensors.toArray(r.get(0)));
      }
    }
    return values;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
