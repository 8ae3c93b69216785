package dev.reslab.model.resnet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reslab.model.layers.CallContext;
import dev.reslab.model.layers.ModelVariable;
import dev.reslab.model.tensor.FloatTensors;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Analytic gradients of a small residual network (conv → BN in training mode → ReLU → residual add
 * → pool → dense → softmax cross-entropy) against central finite differences, for every trainable
 * variable.
 */
class GradientCheckTest {

  @ParameterizedTest
  @EnumSource(Shortcut.class)
  void gradientsMatchFiniteDifferences(Shortcut shortcut) {
    check(config(Stem.CIFAR, shortcut), 6);
  }

  /** The ImageNet stem: 7×7/2 convolution, then the padded 3×3/2 max-pool and its gradient. */
  @Test
  void gradientsThroughTheImagenetStemMatchFiniteDifferences() {
    check(config(Stem.IMAGENET, Shortcut.PROJECTION), 14);
  }

  private static ResNetConfig config(Stem stem, Shortcut shortcut) {
    return ResNetConfig.builder()
        .stem(stem)
        .depths(1, 1)
        .widths(3, 4)
        .classes(3)
        .shortcut(shortcut)
        .seed(5)
        .build();
  }

  private static void check(ResNetConfig config, int size) {
    int n = 8;
    Random rnd = new Random(9);
    float[] x = new float[n * size * size * 3];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextGaussian();
    }
    float[] labels = new float[n * 3];
    for (int i = 0; i < n; i++) {
      labels[i * 3 + i % 3] = 1f;
    }
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> images =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, size, size, 3)));
      ResNet model = ResNet.build(config);
      ForwardPass pass = model.apply(tf, images, CallContext.training(tf));
      Operand<TFloat32> loss =
          tf.math.mean(
              tf.nn
                  .softmaxCrossEntropyWithLogits(
                      pass.logits(), tf.reshape(tf.constant(labels), tf.constant(new int[] {n, 3})))
                  .loss(),
              tf.constant(0));
      List<ModelVariable> vars = model.trainableVariables(name -> false);
      Output<?>[] xs = vars.stream().map(v -> v.value().asOutput()).toArray(Output[]::new);
      Output<?>[] grads = g.addGradients(loss.asOutput(), xs);
      Placeholder<TFloat32> newValue = tf.placeholder(TFloat32.class);
      List<Operand<?>> assigns = new ArrayList<>();
      for (ModelVariable v : vars) {
        assigns.add(tf.assign(v.variable(), newValue));
      }
      try (Session s = new Session(g);
          TFloat32 in = FloatTensors.of(x, n, size, size, 3)) {
        s.initialize();
        for (int vi = 0; vi < vars.size(); vi++) {
          ModelVariable v = vars.get(vi);
          float[] value;
          float[] analytic;
          try (Result r = s.runner().feed(images, in).fetch(v.value()).fetch(grads[vi]).run()) {
            value = FloatTensors.toArray(r.get(0));
            analytic = FloatTensors.toArray(r.get(1));
          }
          // Check a few entries of each variable (all entries would be slow and add nothing).
          for (int k = 0; k < Math.min(3, value.length); k++) {
            int idx = (int) ((k * 7919L) % value.length);
            // Small steps: ReLU kinks crossed by larger ones (1e-2) put the difference off by 10-50
            // %; at 3e-4 it agrees
            // with the analytic gradient to ~1e-4 while float32 rounding stays below that.
            double eps = 3e-4;
            double up =
                lossWith(
                    s, images, in, loss, assigns.get(vi), newValue, value, idx, eps, v.shape());
            double down =
                lossWith(
                    s, images, in, loss, assigns.get(vi), newValue, value, idx, -eps, v.shape());
            restore(s, assigns.get(vi), newValue, value, v.shape());
            double numeric = (up - down) / (2 * eps);
            assertEquals(
                numeric,
                analytic[idx],
                1e-3 + 0.05 * Math.abs(numeric),
                v.name() + "[" + idx + "] analytic vs finite difference");
          }
        }
      }
    }
  }

  private static double lossWith(
      Session s,
      Placeholder<TFloat32> images,
      TFloat32 in,
      Operand<TFloat32> loss,
      Operand<?> assign,
      Placeholder<TFloat32> newValue,
      float[] value,
      int idx,
      double delta,
      Shape shape) {
    float[] changed = value.clone();
    changed[idx] += (float) delta;
    restore(s, assign, newValue, changed, shape);
    try (Result r = s.runner().feed(images, in).fetch(loss).run()) {
      return FloatTensors.toArray(r.get(0))[0];
    }
  }

  private static void restore(
      Session s, Operand<?> assign, Placeholder<TFloat32> newValue, float[] value, Shape shape) {
    try (TFloat32 t = FloatTensors.of(value, shape.asArray())) {
      s.runner().feed(newValue, t).addTarget(assign).run();
    }
  }
}
