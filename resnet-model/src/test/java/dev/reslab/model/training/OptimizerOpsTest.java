package dev.reslab.model.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.reslab.model.layers.CallContext;
import dev.reslab.model.layers.Dense;
import dev.reslab.model.layers.ModelVariable;
import dev.reslab.model.tensor.FloatTensors;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The optimizer's updates against a plain-Java reference: loss = Σ (x·W + b)² on a fixed batch, so
 * the gradient is known in closed form. Each update must use the gradient at the step's old weights
 * (updates may start before the whole backward pass is done, but never before the ops that read
 * their own variable), and Adam's bias corrections advance once per step.
 */
class OptimizerOpsTest {
  private static final int N = 4;
  private static final int IN = 5;
  private static final int OUT = 3;

  @Test
  void adamTakesTwoStepsAsTheFormulaSays() {
    OptimizerConfig adam = OptimizerConfig.adam(0.05);
    check(adam, 3);
  }

  @Test
  void sgdWithNesterovMomentumAndDecoupledWeightDecay() {
    OptimizerConfig sgd =
        new OptimizerConfig(OptimizerConfig.Type.SGD, 0.02, 0.9, 0.999, 1e-7, 0.9, true, 0.1);
    check(sgd, 3);
  }

  private static void check(OptimizerConfig config, int steps) {
    float[] x = new float[N * IN];
    Random rnd = new Random(3);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextGaussian();
    }
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Dense dense = new Dense("fc", OUT, 7);
      Operand<TFloat32> y =
          dense.call(
              tf,
              tf.reshape(tf.constant(x), tf.constant(new int[] {N, IN})),
              CallContext.training(tf));
      Operand<TFloat32> loss = tf.reduceSum(tf.math.square(y), tf.constant(new int[] {0, 1}));
      List<ModelVariable> vars = dense.ownVariables();
      float lr = (float) config.learningRate();
      List<Op> updates = OptimizerOps.build(tf, g, config, loss, vars, tf.constant(lr));
      Op step = tf.withControlDependencies(updates).noOp();
      try (Session s = new Session(g)) {
        s.initialize();
        double[] w = toDouble(read(s, vars.get(0).value()));
        double[] b = toDouble(read(s, vars.get(1).value()));
        Reference ref = new Reference(config, w, b);
        for (int t = 1; t <= steps; t++) {
          s.runner().addTarget(step).run();
          ref.step(x);
          assertArrayEquals(
              toFloat(ref.w), read(s, vars.get(0).value()), 2e-5f, "kernel, step " + t);
          assertArrayEquals(toFloat(ref.b), read(s, vars.get(1).value()), 2e-5f, "bias, step " + t);
        }
      }
    }
  }

  /** The update rules written out over plain arrays, in double. */
  private static final class Reference {
    final OptimizerConfig c;
    final double[] w;
    final double[] b;
    final double[][] m;
    final double[][] v;
    int t;

    Reference(OptimizerConfig c, double[] w, double[] b) {
      this.c = c;
      this.w = w;
      this.b = b;
      m = new double[][] {new double[w.length], new double[b.length]};
      v = new double[][] {new double[w.length], new double[b.length]};
    }

    void step(float[] x) {
      t++;
      double[] gw = new double[w.length];
      double[] gb = new double[b.length];
      for (int n = 0; n < N; n++) {
        for (int o = 0; o < OUT; o++) {
          double yo = b[o];
          for (int i = 0; i < IN; i++) {
            yo += x[n * IN + i] * w[i * OUT + o];
          }
          gb[o] += 2 * yo;
          for (int i = 0; i < IN; i++) {
            gw[i * OUT + o] += 2 * yo * x[n * IN + i];
          }
        }
      }
      update(w, gw, 0, true);
      update(b, gb, 1, false);
    }

    private void update(double[] p, double[] g, int slot, boolean kernel) {
      double lr = c.learningRate();
      for (int i = 0; i < p.length; i++) {
        if (c.type() == OptimizerConfig.Type.ADAM) {
          double lrT = lr * Math.sqrt(1 - Math.pow(c.beta2(), t)) / (1 - Math.pow(c.beta1(), t));
          m[slot][i] = c.beta1() * m[slot][i] + (1 - c.beta1()) * g[i];
          v[slot][i] = c.beta2() * v[slot][i] + (1 - c.beta2()) * g[i] * g[i];
          p[i] -= lrT * m[slot][i] / (Math.sqrt(v[slot][i]) + c.epsilon());
        } else {
          // TensorFlow's Nesterov form: accum = μ·accum + g; p -= lr·(g + μ·accum)
          m[slot][i] = c.momentum() * m[slot][i] + g[i];
          p[i] -= c.nesterov() ? lr * (g[i] + c.momentum() * m[slot][i]) : lr * m[slot][i];
        }
        if (kernel && c.weightDecay() > 0) {
          p[i] -= lr * c.weightDecay() * p[i];
        }
      }
    }
  }

  private static float[] read(Session s, Operand<TFloat32> value) {
    try (Result r = s.runner().fetch(value).run()) {
      return FloatTensors.toArray(r.get(0));
    }
  }

  private static double[] toDouble(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i];
    }
    return d;
  }

  private static float[] toFloat(double[] a) {
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      f[i] = (float) a[i];
    }
    return f;
  }
}
