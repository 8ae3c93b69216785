package dev.reslab.analysis.runs;

import dev.reslab.model.engine.SessionOptions;
import dev.reslab.model.engine.StepProfile;
import dev.reslab.model.resnet.Head;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.resnet.Shortcut;
import dev.reslab.model.resnet.Stem;
import dev.reslab.model.training.OptimizerConfig;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.op.random.TruncatedNormal;
import org.tensorflow.op.train.ApplyMomentum;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The yardstick the training engine is measured against: the same network's training step written
 * directly in TensorFlow ops, as a hand-tuned TF-Java program would — {@code SAME} padding on every
 * convolution, fused BatchNorm, the fused softmax/sigmoid loss, raw {@code ApplyAdam}/{@code
 * ApplyMomentum} updates that run as soon as their gradient is ready, one fixed in-graph batch
 * instead of an input pipeline, and only the loss fetched. None of reslab's layers, pipeline,
 * metrics, checkpoints or listeners take part, so {@code engine ÷ bare} is what they cost.
 *
 * <p>It honours the stem, depths, widths, removed blocks, shortcut kind, head, class count and
 * optimizer of the engine's configuration; its numbers are not meant to be trained on (random
 * images, random labels).
 */
public final class BareResNetStep implements AutoCloseable {
  private final Graph graph = new Graph();
  private final Ops tf = Ops.create(graph);
  private final Ops init = tf.withInitScope();
  private final List<Op> updates = new ArrayList<>();
  private final List<Variable<TFloat32>> trainable = new ArrayList<>();
  private final Session session;
  private final Operand<TFloat32> loss;
  private final Op step;
  private long seed = 1;

  /**
   * Builds the step for {@code model} on {@code batch} images of {@code size}×{@code size}, trained
   * with {@code optimizer}, in a session with {@code options} (the engine's precision and threads).
   */
  public BareResNetStep(
      ResNetConfig model, int batch, int size, OptimizerConfig optimizer, SessionOptions options) {
    Operand<TFloat32> images =
        tf.variable(
            init.random.truncatedNormal(
                init.constant(new long[] {batch, size, size, 3}),
                TFloat32.class,
                TruncatedNormal.seed(7L)));
    Operand<TFloat32> labels = tf.variable(labels(model, batch));
    Operand<TFloat32> logits = forward(model, images);
    loss =
        model.head() == Head.SOFTMAX
            ? tf.math.mean(
                tf.nn.softmaxCrossEntropyWithLogits(logits, labels).loss(), tf.constant(0))
            : tf.math.mean(sigmoidCrossEntropy(logits, labels), tf.constant(new int[] {0, 1}));
    Output<?>[] xs = trainable.stream().map(Variable::asOutput).toArray(Output[]::new);
    Output<?>[] grads = graph.addGradients(loss.asOutput(), xs);
    Operand<TFloat32> rate = tf.constant((float) optimizer.learningRate());
    for (int i = 0; i < grads.length; i++) {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> g = (Operand<TFloat32>) grads[i];
      updates.add(apply(optimizer, trainable.get(i), g, rate));
    }
    step = tf.withControlDependencies(updates).noOp();
    session = options.open(graph);
    session.initialize();
  }

  /** Runs one training step and returns its loss. */
  public float run() {
    try (Result r = session.runner().addTarget(step).fetch(loss).run()) {
      return ((TFloat32) r.get(0)).getFloat();
    }
  }

  /** Runs one training step with a full trace: what ran and where its time went. */
  public StepProfile trace() {
    return StepProfile.trace(session.runner().addTarget(step).fetch(loss));
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }

  private Operand<TFloat32> labels(ResNetConfig model, int batch) {
    if (model.head() == Head.SOFTMAX) {
      Operand<TInt64> ids =
          init.random.randomUniformInt(
              init.constant(new long[] {batch}),
              init.constant(0L),
              init.constant((long) model.classes()));
      return init.oneHot(ids, init.constant(model.classes()), init.constant(1f), init.constant(0f));
    }
    return init.math.floor(
        init.math.add(
            init.random.randomUniform(
                init.constant(new long[] {batch, model.classes()}), TFloat32.class),
            init.constant(0.5f)));
  }

  private Operand<TFloat32> forward(ResNetConfig model, Operand<TFloat32> x) {
    int width = model.stemWidth();
    if (model.stem() == Stem.IMAGENET) {
      x = relu(batchNorm(conv(x, 3, width, 7, 2)));
      x =
          tf.nn.maxPool(
              x, tf.constant(new int[] {1, 3, 3, 1}), tf.constant(new int[] {1, 2, 2, 1}), "SAME");
    } else {
      x = relu(batchNorm(conv(x, 3, width, 3, 1)));
    }
    int in = width;
    for (int stage = 1; stage <= model.depths().size(); stage++) {
      int out = model.stageWidth(stage);
      for (int b = 0; b < model.depths().get(stage - 1); b++) {
        int stride = (b == 0 && stage > 1) ? 2 : 1;
        Operand<TFloat32> shortcut = x;
        if (stride != 1 || in != out) {
          shortcut =
              model.shortcut() == Shortcut.ZERO_PAD
                  ? zeroPad(x, in, out, stride)
                  : batchNorm(conv(x, in, out, 1, stride));
        }
        if (model.mask().removes(stage, b)) {
          x = shortcut;
        } else {
          Operand<TFloat32> y = relu(batchNorm(conv(x, in, out, 3, stride)));
          y = batchNorm(conv(y, out, out, 3, 1));
          x = relu(tf.math.add(y, shortcut));
        }
        in = out;
      }
    }
    Operand<TFloat32> pooled = tf.math.mean(x, tf.constant(new int[] {1, 2}));
    Variable<TFloat32> w = weight(new long[] {in, model.classes()}, in);
    Variable<TFloat32> bias = zeros(model.classes());
    return tf.nn.biasAdd(tf.linalg.matMul(pooled, w), bias);
  }

  private Operand<TFloat32> conv(Operand<TFloat32> x, int in, int out, int kernel, int stride) {
    Variable<TFloat32> k = weight(new long[] {kernel, kernel, in, out}, kernel * kernel * in);
    return tf.nn.conv2d(x, k, List.of(1L, (long) stride, (long) stride, 1L), "SAME");
  }

  private Operand<TFloat32> batchNorm(Operand<TFloat32> x) {
    long channels = x.shape().get(3);
    Variable<TFloat32> gamma =
        tf.variable(init.fill(init.constant(new long[] {channels}), init.constant(1f)));
    Variable<TFloat32> beta = zeros(channels);
    trainable.add(gamma);
    Variable<TFloat32> mean =
        tf.variable(init.fill(init.constant(new long[] {channels}), init.constant(0f)));
    Variable<TFloat32> var =
        tf.variable(init.fill(init.constant(new long[] {channels}), init.constant(1f)));
    FusedBatchNorm<TFloat32, TFloat32> bn =
        tf.nn.fusedBatchNorm(
            x,
            gamma,
            beta,
            tf.constant(new float[0]),
            tf.constant(new float[0]),
            FusedBatchNorm.epsilon(1e-5f),
            FusedBatchNorm.isTraining(true));
    Operand<TFloat32> keep = tf.constant(0.1f);
    updates.add(tf.assignSub(mean, tf.math.mul(tf.math.sub(mean, bn.batchMean()), keep)));
    updates.add(tf.assignSub(var, tf.math.mul(tf.math.sub(var, bn.batchVariance()), keep)));
    return bn.y();
  }

  private Operand<TFloat32> relu(Operand<TFloat32> x) {
    return tf.nn.relu(x);
  }

  private Operand<TFloat32> zeroPad(Operand<TFloat32> x, int in, int out, int stride) {
    Operand<TFloat32> sub =
        tf.stridedSlice(
            x, Indices.all(), Indices.step(stride), Indices.step(stride), Indices.all());
    return tf.pad(
        sub, tf.constant(new int[][] {{0, 0}, {0, 0}, {0, 0}, {0, out - in}}), tf.constant(0f));
  }

  private Operand<TFloat32> sigmoidCrossEntropy(Operand<TFloat32> logits, Operand<TFloat32> z) {
    // max(x, 0) − x·z + log(1 + e^−|x|): TensorFlow's numerically stable form.
    return tf.math.add(
        tf.math.sub(tf.math.maximum(logits, tf.constant(0f)), tf.math.mul(logits, z)),
        tf.math.log1p(tf.math.exp(tf.math.neg(tf.math.abs(logits)))));
  }

  private Variable<TFloat32> weight(long[] shape, int fanIn) {
    Variable<TFloat32> v =
        tf.variable(
            init.math.mul(
                init.random.truncatedNormal(
                    init.constant(shape), TFloat32.class, TruncatedNormal.seed(seed++)),
                init.constant((float) Math.sqrt(2.0 / fanIn))));
    trainable.add(v);
    return v;
  }

  private Variable<TFloat32> zeros(long n) {
    Variable<TFloat32> v = tf.variable(init.fill(init.constant(new long[] {n}), init.constant(0f)));
    if (n > 0) {
      trainable.add(v);
    }
    return v;
  }

  private Op apply(
      OptimizerConfig o, Variable<TFloat32> v, Operand<TFloat32> g, Operand<TFloat32> rate) {
    Shape shape = v.shape();
    if (o.type() == OptimizerConfig.Type.ADAM) {
      Variable<TFloat32> m =
          tf.variable(init.fill(init.constant(shape.asArray()), init.constant(0f)));
      Variable<TFloat32> s =
          tf.variable(init.fill(init.constant(shape.asArray()), init.constant(0f)));
      // Constant bias-correction powers: the bare step measures the update's arithmetic, not Adam's
      // schedule.
      return tf.train.applyAdam(
          v,
          m,
          s,
          tf.constant((float) o.beta1()),
          tf.constant((float) o.beta2()),
          rate,
          tf.constant((float) o.beta1()),
          tf.constant((float) o.beta2()),
          tf.constant((float) o.epsilon()),
          g);
    }
    if (o.momentum() == 0) {
      return tf.train.applyGradientDescent(v, rate, g);
    }
    Variable<TFloat32> accum =
        tf.variable(init.fill(init.constant(shape.asArray()), init.constant(0f)));
    return tf.train.applyMomentum(
        v,
        accum,
        rate,
        g,
        tf.constant((float) o.momentum()),
        ApplyMomentum.useNesterov(o.nesterov()));
  }
}
