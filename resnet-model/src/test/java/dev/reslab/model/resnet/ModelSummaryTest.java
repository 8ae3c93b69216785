package dev.reslab.model.resnet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reslab.model.layers.CallContext;
import dev.reslab.model.layers.Layer;
import dev.reslab.model.layers.ModelVariable;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.Graph;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The summary traces shapes in plain Java; TensorFlow's own shape inference on the built graph is
 * the reference.
 */
class ModelSummaryTest {

  static Stream<Arguments> variants() {
    ResNetConfig r18 = ResNetPreset.RESNET18.config();
    return Stream.of(
        Arguments.of(r18, 32),
        Arguments.of(ResNetPreset.RESNET18.config(Stem.IMAGENET, 1000), 224),
        Arguments.of(ResNetPreset.RESNET18.config(Stem.IMAGENET, 40), 65),
        Arguments.of(ResNetPreset.RESNET18.config(Stem.IMAGENET, 10), 2),
        Arguments.of(
            r18.toBuilder()
                .widthFactor(0.875)
                .depths(List.of(1, 1, 1, 1))
                .remove(BlockMask.parse("layer3"))
                .build(),
            33),
        Arguments.of(
            ResNetPreset.RESNET20.config().toBuilder()
                .remove(BlockMask.parse("layer2.0,layer3.2"))
                .build(),
            31),
        Arguments.of(
            ResNetPreset.RESNET20.config().toBuilder().shortcut(Shortcut.PROJECTION).build(), 32));
  }

  @ParameterizedTest
  @MethodSource("variants")
  void tracedShapesAndCountsMatchTheGraph(ResNetConfig config, int size) {
    ModelSummary summary = ModelSummary.of(config, size);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ResNet model = ResNet.build(config);
      ForwardPass pass =
          model.apply(
              tf,
              tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, size, size, 3))),
              CallContext.inference(tf));
      List<ModelSummary.Row> rows = summary.rows();
      List<Layer> layers = model.allLayers();
      assertEquals(layers.size(), rows.size());
      long macs = 0;
      for (int i = 0; i < layers.size(); i++) {
        Layer layer = layers.get(i);
        Shape shape = pass.outputs().get(layer.name()).shape();
        List<Long> dims = new ArrayList<>();
        for (int d = 0; d < shape.numDimensions(); d++) {
          dims.add(shape.size(d));
        }
        assertEquals(layer.name(), rows.get(i).name());
        assertEquals(dims, rows.get(i).outputShape(), layer.name());
        assertEquals(layer.parameterCount(), rows.get(i).parameters(), layer.name());
        for (ModelVariable v : layer.ownVariables()) {
          if (v.role().equals("kernel")) {
            macs += v.size() * (dims.size() == 4 ? dims.get(1) * dims.get(2) : 1);
          }
        }
      }
      assertEquals(model.parameterCount(), summary.parameters());
      assertEquals(
          model.variables().stream()
              .filter(v -> !v.trainable())
              .mapToLong(ModelVariable::size)
              .sum(),
          summary.nonTrainable());
      assertEquals(macs, summary.multiplyAccumulates());
    }
  }

  @Test
  void publishedFigures() {
    ModelSummary r18 = ModelSummary.of(ResNetPreset.RESNET18.config(Stem.IMAGENET, 1000));
    assertEquals(11_689_512L, r18.parameters());
    // torchvision lists ResNet-18 at 1.81 GFLOPS (multiply-accumulates) for 224x224 images.
    assertEquals(1.81, r18.multiplyAccumulates() / 1e9, 0.005);
    assertEquals(11_173_962L, ModelSummary.of(ResNetPreset.RESNET18.config()).parameters());
  }
}
