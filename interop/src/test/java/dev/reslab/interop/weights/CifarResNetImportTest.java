package dev.reslab.interop.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.ReslabException;
import dev.reslab.interop.CifarTestImages;
import dev.reslab.interop.RealData;
import dev.reslab.interop.array.FloatArray;
import dev.reslab.interop.torch.TorchCheckpoint;
import dev.reslab.model.layers.CallContext;
import dev.reslab.model.resnet.ForwardPass;
import dev.reslab.model.resnet.ResNet;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.resnet.ResNetPreset;
import dev.reslab.model.resnet.Stem;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * He et al.'s pretrained CIFAR ResNets (option-A shortcuts, {@code linear} head) on the 932 exact
 * test images.
 */
class CifarResNetImportTest {
  private static final String DIR = "weights/resnet-cifar10/";
  private static final int BATCH = 128;
  private static CifarTestImages test;

  @BeforeAll
  static void readImages() {
    test =
        CifarTestImages.read(
            RealData.require("cifar10/cifar-10-batches-bin/test_batch.bin"),
            new float[] {0.485f, 0.456f, 0.406f},
            new float[] {0.229f, 0.224f, 0.225f});
  }

  @Test
  void resnet20LegacyStreamClassifies854Of932() {
    assertEquals(932, test.size());
    assertEquals(
        854,
        correct(ResNetPreset.RESNET20.config(), RealData.require(DIR + "resnet20-12fca82f.th")));
  }

  @Test
  void resnet20ZipArchiveClassifies854Of932() {
    assertEquals(
        854,
        correct(
            ResNetPreset.RESNET20.config(), RealData.require(DIR + "resnet20-12fca82f.zip.pth")));
  }

  @Test
  void resnet32Classifies867Of932() {
    assertEquals(
        867,
        correct(ResNetPreset.RESNET32.config(), RealData.require(DIR + "resnet32-d509ac18.th")));
  }

  @Test
  void stateDictOfAnotherDepthIsOneErrorListingTheNames() {
    Path resnet20 = RealData.require(DIR + "resnet20-12fca82f.th");
    ReslabException e =
        assertThrows(
            ReslabException.class, () -> correct(ResNetPreset.RESNET32.config(), resnet20));
    String m = e.getMessage();
    assertEquals(1, m.lines().count(), m);
    assertTrue(m.startsWith("state dict " + resnet20 + " does not fit the model"), m);
    assertTrue(
        m.contains("60 missing: layer1.3.conv1.weight [16,16,3,3], layer1.3.bn1.weight [16]"), m);
    assertTrue(m.contains("another architecture"), m);
    assertTrue(
        m.endsWith(
            "the file has blocks per stage [3, 3, 3] (preset resnet20), a 3x3 stem conv of 16 channels, 10 classes, "
                + "no projection shortcuts"),
        m);
  }

  @Test
  void torchvisionResNet18IntoResNet20ListsUnexpectedAndWronglyShaped() {
    Path resnet18 = RealData.require("weights/torchvision-resnet18/resnet18-torchvision-seed0.pth");
    ReslabException e =
        assertThrows(
            ReslabException.class, () -> correct(ResNetPreset.RESNET20.config(), resnet18));
    String m = e.getMessage();
    assertEquals(1, m.lines().count(), m);
    assertTrue(m.contains("35 unexpected: layer2.0.downsample.0.weight,"), m);
    assertTrue(m.contains("wrongly shaped: conv1.weight float32[64,3,7,7] (model [16,3,3,3])"), m);
    assertTrue(
        m.endsWith(
            "the file has blocks per stage [2, 2, 2, 2] (preset resnet18), a 7x7 stem conv of 64 channels, "
                + "1000 classes, projection shortcuts"),
        m);
  }

  @Test
  void headForOtherClassCountIsSkippedWithAllowMissingHead() {
    Path resnet20 = RealData.require(DIR + "resnet20-12fca82f.th");
    ResNetConfig hundred = ResNetPreset.RESNET20.config(Stem.CIFAR, 100);
    ReslabException strict =
        assertThrows(ReslabException.class, () -> map(hundred, resnet20, ImportOptions.STRICT));
    assertTrue(
        strict
            .getMessage()
            .contains(
                "2 wrongly shaped: linear.weight float32[10,64] (model [100,64]), "
                    + "linear.bias float32[10] (model [100])"),
        strict.getMessage());
    assertTrue(strict.getMessage().contains("only the head differs"), strict.getMessage());

    VariableValues values = map(hundred, resnet20, ImportOptions.withoutHead());
    assertEquals(List.of("fc/kernel", "fc/bias"), values.skipped());
    assertTrue(values.values().containsKey("layer3.2.bn2/moving_variance"));
  }

  @Test
  void fullWeightsImportIntoAnAblatedModel() {
    Path resnet20 = RealData.require(DIR + "resnet20-12fca82f.th");
    ResNetConfig ablated =
        ResNetPreset.RESNET20.config().toBuilder().remove("layer2.1", "layer3").build();
    // 97 tensors less 10 per removed block (conv1, bn1, conv2, bn2); option-A shortcuts have no
    // weights.
    assertEquals(97 - 4 * 10, correctBatchCount(ablated, resnet20));
    ReslabException strict =
        assertThrows(ReslabException.class, () -> map(ablated, resnet20, ImportOptions.STRICT));
    assertTrue(
        strict.getMessage().contains("40 unexpected: layer2.1.conv1.weight"), strict.getMessage());
  }

  /** Imports through the ResNet-aware mapping and returns how many variables got values. */
  private static int correctBatchCount(ResNetConfig config, Path file) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ResNet model = ResNet.build(config);
      model.apply(
          tf,
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 32, 32, 3))),
          CallContext.inference(tf));
      return TorchWeightMapping.map(TorchCheckpoint.read(file), model, ImportOptions.STRICT)
          .values()
          .size();
    }
  }

  private static VariableValues map(ResNetConfig config, Path file, ImportOptions options) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ResNet model = ResNet.build(config);
      model.apply(
          tf,
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 32, 32, 3))),
          CallContext.inference(tf));
      return TorchWeightMapping.map(TorchCheckpoint.read(file), model.variables(), options);
    }
  }

  /** Correctly classified test images, evaluated in batches of 128. */
  private static int correct(ResNetConfig config, Path checkpoint) {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> images =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 32, 32, 3)));
      ResNet model = ResNet.build(config);
      ForwardPass pass = model.apply(tf, images, CallContext.inference(tf));
      var predictions = tf.math.argMax(pass.logits(), tf.constant(1));
      s.initialize();
      TorchWeightImport.into(model, g, s, checkpoint, ImportOptions.STRICT);
      int correct = 0;
      for (int from = 0; from < test.size(); from += BATCH) {
        int to = Math.min(test.size(), from + BATCH);
        FloatArray batch = test.images().slice(from, to);
        try (TFloat32 x = batch.toTensor();
            Result r = s.runner().feed(images, x).fetch(predictions).run()) {
          TInt64 predicted = (TInt64) r.get(0);
          for (int i = 0; i < to - from; i++) {
            if (predicted.getLong(i) == test.labels()[from + i]) {
              correct++;
            }
          }
        }
      }
      return correct;
    }
  }
}
