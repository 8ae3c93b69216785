package dev.reslab.model.layers;

import dev.reslab.model.tensor.FloatTensors;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Runs one layer on a fixed input in a fresh graph and returns its output and variables as plain
 * arrays.
 */
final class LayerHarness implements AutoCloseable {
  final Graph graph = new Graph();
  final Ops tf = Ops.create(graph);
  final Session session;
  final Placeholder<TFloat32> input;
  final Operand<TFloat32> output;
  final CallContext ctx;
  private final long[] inputShape;

  LayerHarness(Layer layer, boolean training, long... inputShape) {
    this.inputShape = inputShape;
    input = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(inputShape)));
    ctx = training ? CallContext.training(tf) : CallContext.inference(tf);
    output = layer.call(tf, input, ctx);
    session = new Session(graph);
    session.initialize();
  }

  float[] run(float[] x) {
    try (TFloat32 in = FloatTensors.of(x, inputShape);
        Result r = session.runner().feed(input, in).fetch(output).run()) {
      return FloatTensors.toArray(r.get(0));
    }
  }

  /** Runs the output together with the pass's update ops. */
  float[] runWithUpdates(float[] x) {
    try (TFloat32 in = FloatTensors.of(x, inputShape)) {
      Session.Runner runner = session.runner().feed(input, in).fetch(output);
      for (Op update : ctx.updates()) {
        runner.addTarget(update);
      }
      try (Result r = runner.run()) {
        return FloatTensors.toArray(r.get(0));
      }
    }
  }

  float[] value(Operand<TFloat32> op) {
    try (Result r = session.runner().fetch(op).run()) {
      return FloatTensors.toArray(r.get(0));
    }
  }

  static float[] random(long seed, int n) {
    Random rnd = new Random(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) rnd.nextGaussian();
    }
    return a;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
