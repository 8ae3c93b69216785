package dev.reslab.model.resnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reslab.model.layers.CallContext;
import dev.reslab.model.tensor.FloatTensors;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * {@link ResNet#featureInfo()} against the shapes the network really produces, as timm checks its
 * feature_info.
 */
class FeatureInfoTest {

  /**
   * Every preset with both stems, unmasked and with every stage removed; the two block layouts
   * (ResNet-18's projection, ResNet-20's zero-pad; the deeper CIFAR presets only repeat ResNet-20's
   * blocks) also with each stage and each stage's first block removed.
   */
  static Stream<ResNetConfig> variants() {
    List<ResNetConfig> configs = new ArrayList<>();
    for (ResNetPreset preset : ResNetPreset.values()) {
      for (Stem stem : Stem.values()) {
        ResNetConfig base = preset.config(stem, 10);
        if (preset == ResNetPreset.RESNET18) {
          base =
              base.toBuilder()
                  .widthFactor(0.125)
                  .build(); // the shapes, not the width, are under test
        }
        configs.add(base);
        List<String> all = new ArrayList<>();
        for (int s = 1; s <= base.depths().size(); s++) {
          if (preset == ResNetPreset.RESNET18 || preset == ResNetPreset.RESNET20) {
            configs.add(base.toBuilder().remove("layer" + s).build());
            configs.add(base.toBuilder().remove("layer" + s + ".0").build());
          }
          all.add("layer" + s);
        }
        configs.add(base.toBuilder().remove(all.toArray(String[]::new)).build());
      }
    }
    ResNetConfig r18 = ResNetPreset.RESNET18.config().toBuilder().widthFactor(0.125).build();
    configs.add(
        r18.toBuilder().depths(2, 0, 1, 2).build()); // an empty stage keeps the previous shape
    configs.add(
        r18.toBuilder()
            .widthFactor(0.21875)
            .stem(Stem.IMAGENET)
            .head(Head.SIGMOID)
            .classes(40)
            .build());
    configs.add(
        ResNetPreset.RESNET20.config().toBuilder()
            .shortcut(Shortcut.PROJECTION)
            .remove("layer2")
            .build());
    return configs.stream();
  }

  @ParameterizedTest
  @MethodSource("variants")
  void everyFeatureHasTheShapeTheNetworkProduces(ResNetConfig config) {
    int size = config.stem() == Stem.IMAGENET ? 64 : 32;
    ResNet model = ResNet.build(config);
    List<FeatureInfo> features = model.featureInfo();
    assertEquals(config.depths().size() + 1, features.size(), "the stem and every stage");
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> images =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, size, size, 3)));
      ForwardPass pass = model.apply(tf, images, CallContext.inference(tf));
      s.initialize();
      // An empty stage passes its input on: fetch each distinct tensor once.
      List<Operand<TFloat32>> outputs = features.stream().map(f -> pass.output(f.name())).toList();
      List<Operand<TFloat32>> distinct = outputs.stream().distinct().toList();
      try (TFloat32 x = FloatTensors.of(new float[2 * size * size * 3], 2, size, size, 3)) {
        Session.Runner runner = s.runner().feed(images, x);
        distinct.forEach(runner::fetch);
        try (Result r = runner.run()) {
          for (int i = 0; i < features.size(); i++) {
            FeatureInfo f = features.get(i);
            assertEquals(i, f.stage());
            assertArrayEquals(
                new long[] {2, size / f.reduction(), size / f.reduction(), f.channels()},
                r.get(distinct.indexOf(outputs.get(i))).shape().asArray(),
                f + " of " + config);
          }
        }
      }
    }
  }

  @Test
  void resnet18WithTheImageNetStemMatchesTimmsFeatureInfo() {
    // timm resnet18.feature_info: act1 64/2, layer1 64/4, layer2 128/8, layer3 256/16, layer4
    // 512/32.
    assertEquals(
        List.of(
            new FeatureInfo("relu", 0, 64, 2),
            new FeatureInfo("layer1", 1, 64, 4),
            new FeatureInfo("layer2", 2, 128, 8),
            new FeatureInfo("layer3", 3, 256, 16),
            new FeatureInfo("layer4", 4, 512, 32)),
        ResNet.build(ResNetPreset.RESNET18.config(Stem.IMAGENET, 1000)).featureInfo());
  }
}
