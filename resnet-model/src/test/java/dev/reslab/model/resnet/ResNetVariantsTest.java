package dev.reslab.model.resnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.model.layers.BatchNormalization;
import dev.reslab.model.layers.CallContext;
import dev.reslab.model.layers.ModelVariable;
import dev.reslab.model.tensor.FloatTensors;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** Every mask and width/depth variant of ResNet-18 builds and runs on a batch of 32×32 images. */
class ResNetVariantsTest {
  private static TFloat32 batch;

  @BeforeAll
  static void images() {
    float[] x = new float[2 * 32 * 32 * 3];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.sin(i * 0.37);
    }
    batch = FloatTensors.of(x, 2, 32, 32, 3);
  }

  @AfterAll
  static void release() {
    batch.close();
  }

  static Stream<ResNetConfig> variants() {
    List<ResNetConfig> configs = new ArrayList<>();
    ResNetConfig base =
        ResNetPreset.RESNET18.config(Stem.CIFAR, 10).toBuilder().widthFactor(0.25).build();
    configs.add(base);
    for (int s = 1; s <= 4; s++) {
      configs.add(base.toBuilder().remove("layer" + s).build());
      for (int b = 0; b < 2; b++) {
        configs.add(base.toBuilder().remove("layer" + s + "." + b).build());
      }
    }
    configs.add(base.toBuilder().remove("layer2", "layer3", "layer4").build());
    configs.add(base.toBuilder().remove("layer1", "layer2", "layer3", "layer4").build());
    for (double w : new double[] {0.125, 0.21875, 0.28125}) {
      configs.add(base.toBuilder().widthFactor(w).build());
    }
    for (int d = 1; d <= 3; d++) {
      configs.add(base.toBuilder().depths(d, d, d, d).build());
    }
    configs.add(base.toBuilder().depths(1, 3, 2, 1).remove("layer2.2").build());
    configs.add(base.toBuilder().stem(Stem.IMAGENET).build());
    configs.add(base.toBuilder().head(Head.SIGMOID).classes(40).build());
    configs.add(base.toBuilder().shortcut(Shortcut.ZERO_PAD).remove("layer3").build());
    return configs.stream();
  }

  @ParameterizedTest
  @MethodSource("variants")
  void buildsAndRunsWithTheExpectedOutputShape(ResNetConfig config) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> images =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 32, 32, 3)));
      ResNet model = ResNet.build(config);
      ForwardPass pass = model.apply(tf, images, CallContext.inference(tf));
      try (Session s = new Session(g)) {
        s.initialize();
        try (Result r =
            s.runner()
                .feed(images, batch)
                .fetch(pass.logits())
                .fetch(pass.probabilities())
                .fetch(pass.output("layer4"))
                .run()) {
          assertArrayEquals(new long[] {2, config.classes()}, r.get(0).shape().asArray());
          float[] p = FloatTensors.toArray(r.get(1));
          if (config.head() == Head.SOFTMAX) {
            assertEquals(
                1.0, p[0] + sum(p, 1, config.classes() - 1), 1e-5, "softmax rows sum to 1");
          }
          int spatial = config.stem() == Stem.IMAGENET ? 1 : 4;
          assertArrayEquals(
              new long[] {2, spatial, spatial, config.stageWidth(4)},
              r.get(2).shape().asArray(),
              "layer4 output");
        }
      }
    }
  }

  /**
   * The prediction pass with BatchNorm folded into the convolutions gives the plain pass's logits
   * and stage outputs, with BatchNorm statistics far from their initial values (the plain pass runs
   * TensorFlow's FusedBatchNorm, so the folding arithmetic is checked against TensorFlow's own).
   */
  @ParameterizedTest
  @MethodSource("variants")
  void foldingBatchNormIntoTheConvolutionsChangesNoPrediction(ResNetConfig config) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> images =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 32, 32, 3)));
      ResNet model = ResNet.build(config);
      ForwardPass plain = model.apply(tf, images, CallContext.inference(tf));
      ForwardPass folded = model.apply(tf, images, CallContext.prediction(tf));
      List<Op> randomStatistics = randomBatchNormStatistics(tf, model, new Random(7));
      List<String> compared = new ArrayList<>(List.of("relu"));
      for (int s = 1; s <= config.depths().size(); s++) {
        compared.add("layer" + s);
      }
      try (Session s = new Session(g)) {
        s.initialize();
        Session.Runner assign = s.runner();
        randomStatistics.forEach(assign::addTarget);
        assign.run();
        Session.Runner runner = s.runner().feed(images, batch);
        runner.fetch(plain.logits()).fetch(folded.logits());
        for (String layer : compared) {
          runner.fetch(plain.output(layer)).fetch(folded.output(layer));
        }
        try (Result r = runner.run()) {
          for (int i = 0; i < r.size(); i += 2) {
            float[] want = FloatTensors.toArray(r.get(i));
            float[] got = FloatTensors.toArray(r.get(i + 1));
            String what = i == 0 ? "logits" : compared.get(i / 2 - 1);
            assertArrayEquals(want, got, 2e-5f * (1 + maxAbs(want)), what);
          }
        }
      }
      assertTrue(plain.outputs().containsKey("conv1"));
      assertTrue(
          !folded.outputs().containsKey("conv1") && folded.outputs().containsKey("bn1"),
          "the folded stem convolution has no output of its own; its BatchNorm's is recorded");
    }
  }

  /** Ops that set every BatchNorm's γ, β, moving mean and variance to random values. */
  private static List<Op> randomBatchNormStatistics(Ops tf, ResNet model, Random random) {
    List<Op> ops = new ArrayList<>();
    for (var layer : model.allLayers()) {
      if (layer instanceof BatchNormalization bn) {
        ops.add(assign(tf, bn.gamma(), () -> 0.5 + random.nextDouble()));
        ops.add(assign(tf, bn.beta(), () -> 0.3 * random.nextGaussian()));
        ops.add(assign(tf, bn.movingMean(), () -> 0.3 * random.nextGaussian()));
        ops.add(assign(tf, bn.movingVariance(), () -> 0.5 + 1.5 * random.nextDouble()));
      }
    }
    return ops;
  }

  private static Op assign(Ops tf, ModelVariable v, DoubleSupplier value) {
    float[] values = new float[(int) v.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) value.getAsDouble();
    }
    return tf.assign(v.variable(), tf.constant(values));
  }

  private static float maxAbs(float[] a) {
    float m = 0;
    for (float x : a) {
      m = Math.max(m, Math.abs(x));
    }
    return m;
  }

  private static double sum(float[] a, int from, int count) {
    double s = 0;
    for (int i = from; i < from + count; i++) {
      s += a[i];
    }
    return s;
  }

  @Test
  void removedIdentityBlockIsTheIdentityAndRemovedDownsamplingBlockIsItsShortcut() {
    ResNetConfig config =
        ResNetPreset.RESNET18.config().toBuilder().remove("layer1.1", "layer3").build();
    ResNet model = ResNet.build(config);
    assertEquals("RemovedBlock(identity)", model.layer("layer1.1").typeName());
    assertTrue(model.layer("layer1.1").children().isEmpty());
    assertEquals("RemovedBlock(shortcut)", model.layer("layer3.0").typeName());
    assertEquals(
        List.of("layer3.0.downsample"),
        model.layer("layer3.0").children().stream().map(l -> l.name()).toList());
    assertEquals("RemovedBlock(identity)", model.layer("layer3.1").typeName());
    ModelSummary s = ModelSummary.of(config);
    // ResNet-18 (cifar, 10) less layer1.1 (2 convs 64->64 + 2 BN) and layer3's convs and BNs but
    // its projection.
    long layer11 = 2 * (9 * 64 * 64) + 2 * 128;
    long layer3 = (9 * 128 * 256 + 9 * 256 * 256 + 2 * 512) + 2 * (9 * 256 * 256) + 2 * 512;
    assertEquals(11_173_962L - layer11 - layer3, s.parameters());
  }

  @Test
  void widthFactorRoundsAndKeepsAtLeastOneChannel() {
    ResNetConfig c = ResNetPreset.RESNET18.config().toBuilder().widthFactor(0.875).build();
    assertEquals(
        List.of(56, 112, 224, 448),
        List.of(c.stageWidth(1), c.stageWidth(2), c.stageWidth(3), c.stageWidth(4)));
    ResNetConfig tiny = ResNetPreset.RESNET18.config().toBuilder().widthFactor(0.001).build();
    assertEquals(1, tiny.stageWidth(1));
    ResNetConfig wide = ResNetPreset.RESNET18.config().toBuilder().widthFactor(1.125).build();
    assertEquals(72, wide.stageWidth(1));
    assertEquals(576, wide.stageWidth(4));
  }

  @Test
  void layerNamesFollowTorchvision() {
    ResNet model = ResNet.build(ResNetPreset.RESNET18.config(Stem.IMAGENET, 1000));
    List<String> names = model.layerNames();
    for (String n :
        List.of(
            "conv1",
            "bn1",
            "relu",
            "maxpool",
            "layer1",
            "layer1.0",
            "layer1.0.conv1",
            "layer1.0.bn1",
            "layer1.0.conv2",
            "layer1.0.bn2",
            "layer2.0.downsample.0",
            "layer2.0.downsample.1",
            "layer4.1.bn2",
            "avgpool",
            "fc")) {
      assertTrue(names.contains(n), n);
    }
    assertTrue(!names.contains("layer1.0.downsample.0"), "layer1.0 keeps shapes: no downsample");
  }

  @Test
  void invalidConfigurationFailsNamingTheValue() {
    ResNetConfig.Builder b = ResNetPreset.RESNET18.config().toBuilder();
    assertEquals(
        "width factor must be a positive number, got 0.0",
        assertThrows(IllegalArgumentException.class, () -> b.widthFactor(0).build()).getMessage());
    assertEquals(
        "width factor must be a positive number, got -1.0",
        assertThrows(
                IllegalArgumentException.class,
                () -> ResNetPreset.RESNET18.config().toBuilder().widthFactor(-1).build())
            .getMessage());
    assertEquals(
        "depth per stage must be 0 to 1000, got -1 in [2, -1, 2, 2]",
        assertThrows(
                IllegalArgumentException.class,
                () -> ResNetPreset.RESNET18.config().toBuilder().depths(2, -1, 2, 2).build())
            .getMessage());
    assertEquals(
        "depth per stage must be 0 to 1000, got 311111111 in [3, 311111111, 3]",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    ResNetPreset.RESNET18.config().toBuilder()
                        .depths(3, 311111111, 3)
                        .widths(16, 32, 64)
                        .build())
            .getMessage());
    assertEquals(
        "number of classes must be at least 1, got 0",
        assertThrows(
                IllegalArgumentException.class,
                () -> ResNetPreset.RESNET18.config().toBuilder().classes(0).build())
            .getMessage());
    String unknown =
        assertThrows(
                IllegalArgumentException.class,
                () -> ResNetPreset.RESNET18.config().toBuilder().remove("layer5").build())
            .getMessage();
    assertTrue(
        unknown.startsWith(
            "unknown block or stage 'layer5' in the block mask; valid names are layer1, "
                + "layer1.0, layer1.1, layer2,"),
        unknown);
    assertEquals(
        "unknown block or stage 'layer1.2' in the block mask; valid names are layer1, layer1.0, layer1.1, "
            + "layer2, layer2.0, layer2.1, layer3, layer3.0, layer3.1, layer4, layer4.0, layer4.1",
        assertThrows(
                IllegalArgumentException.class,
                () -> ResNetPreset.RESNET18.config().toBuilder().remove("layer1.2").build())
            .getMessage());
    assertEquals(
        "'conv1' is not a block or stage name; expected e.g. layer3 or layer3.1",
        assertThrows(IllegalArgumentException.class, () -> BlockMask.parse("conv1")).getMessage());
    assertEquals(
        "unknown stem 'tiny'; expected one of cifar, imagenet",
        assertThrows(IllegalArgumentException.class, () -> Stem.parse("tiny")).getMessage());
  }

  @Test
  void unknownTapNameListsValidNames() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ResNet model = ResNet.build(ResNetPreset.RESNET20.config());
      ForwardPass pass =
          model.apply(
              tf,
              tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 32, 32, 3))),
              CallContext.inference(tf));
      // Checkpoint keys are the variable op names: exactly <layer>/<role>.
      for (String op :
          List.of("conv1/kernel", "bn1/moving_variance", "layer3.0.conv1/kernel", "fc/bias")) {
        assertTrue(g.operation(op) != null, op);
      }
      String msg =
          assertThrows(IllegalArgumentException.class, () -> pass.output("layer9")).getMessage();
      assertTrue(
          msg.startsWith(
              "unknown layer 'layer9'; valid layers are conv1, bn1, relu, layer1.0.conv1"),
          msg);
    }
  }

  @Test
  void configRoundTripsThroughJson() {
    ResNetConfig c =
        ResNetPreset.RESNET20.config().toBuilder()
            .widthFactor(1.125)
            .remove("layer2.1")
            .head(Head.SIGMOID)
            .classes(40)
            .seed(7)
            .build();
    String json = c.toJson();
    assertTrue(json.contains("\"zero-pad\""), json);
    assertEquals(c, ResNetConfig.fromJson(json));
  }
}
