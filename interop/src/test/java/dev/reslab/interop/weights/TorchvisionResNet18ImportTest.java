package dev.reslab.interop.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.interop.RealData;
import dev.reslab.interop.array.FloatArray;
import dev.reslab.interop.array.NpyFile;
import dev.reslab.model.engine.Precision;
import dev.reslab.model.engine.SessionOptions;
import dev.reslab.model.inference.InferenceModel;
import dev.reslab.model.layers.CallContext;
import dev.reslab.model.resnet.ForwardPass;
import dev.reslab.model.resnet.ResNet;
import dev.reslab.model.resnet.ResNetPreset;
import dev.reslab.model.resnet.Stem;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * torchvision's ResNet-18 (random seed-0 weights, randomised BatchNorm) gives PyTorch's outputs in
 * reslab.
 */
class TorchvisionResNet18ImportTest {
  private static final String DIR = "weights/torchvision-resnet18/";

  @Test
  void logitsAndStageOutputsMatchPyTorch() {
    Path pth = RealData.require(DIR + "resnet18-torchvision-seed0.pth");
    FloatArray input = NpyFile.read(RealData.require(DIR + "resnet18-seed0-input-nhwc.npy"));
    FloatArray expectedLogits = NpyFile.read(RealData.require(DIR + "resnet18-seed0-logits.npy"));
    assertArrayEquals(new long[] {4, 224, 224, 3}, input.shape());

    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> images =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 224, 224, 3)));
      ResNet model = ResNet.build(ResNetPreset.RESNET18.config(Stem.IMAGENET, 1000));
      ForwardPass pass = model.apply(tf, images, CallContext.inference(tf));
      ForwardPass folded = model.apply(tf, images, CallContext.prediction(tf));
      s.initialize();
      VariableValues imported = TorchWeightImport.into(model, g, s, pth, ImportOptions.STRICT);
      assertEquals(model.variables().size(), imported.values().size());

      Session.Runner runner = s.runner().fetch(pass.logits());
      for (int stage = 1; stage <= 4; stage++) {
        runner.fetch(pass.output("layer" + stage));
      }
      runner.fetch(folded.logits());
      try (TFloat32 x = input.toTensor();
          Result r = runner.feed(images, x).run()) {
        FloatArray logits = FloatArray.of((TFloat32) r.get(0));
        double scale = expectedLogits.maxAbs();
        double error = logits.maxAbsDifference(expectedLogits);
        System.out.printf("ResNet-18 logits: max difference %.3g at scale %.3g%n", error, scale);
        assertTrue(error <= 1e-4 * scale, "logits differ by " + error + " at scale " + scale);
        double foldedError = FloatArray.of((TFloat32) r.get(5)).maxAbsDifference(expectedLogits);
        assertTrue(
            foldedError <= 1e-4 * scale,
            "with BatchNorm folded into the convolutions, logits differ by " + foldedError);
        for (int stage = 1; stage <= 4; stage++) {
          FloatArray expected =
              NpyFile.read(RealData.require(DIR + "resnet18-seed0-layer" + stage + "-nhwc.npy"));
          FloatArray actual = FloatArray.of((TFloat32) r.get(stage)).slice(0, 1);
          FloatArray want = expected.rank() == 3 ? expected.reshape(actual.shape()) : expected;
          double stageError = actual.maxAbsDifference(want);
          System.out.printf(
              "ResNet-18 layer%d: max difference %.3g at scale %.3g%n",
              stage, stageError, want.maxAbs());
          assertTrue(
              stageError <= 1e-4 * want.maxAbs(),
              "layer" + stage + " differs by " + stageError + " at scale " + want.maxAbs());
        }
      }
    }
  }

  /**
   * The imported model predicting in bf16 (BatchNorm folded into the convolutions, ImageNet-size
   * inputs) stays within bfloat16's rounding of PyTorch's float32 logits and ranks the same class
   * first.
   */
  @Test
  void bf16PredictionsOfTheImportedModelStayCloseToPyTorch() {
    Assumptions.assumeTrue(
        SessionOptions.of(Precision.BF16, 0).precision() == Precision.BF16,
        "bf16 does not run on this machine: nothing to compare");
    Path pth = RealData.require(DIR + "resnet18-torchvision-seed0.pth");
    FloatArray input = NpyFile.read(RealData.require(DIR + "resnet18-seed0-input-nhwc.npy"));
    FloatArray expected = NpyFile.read(RealData.require(DIR + "resnet18-seed0-logits.npy"));
    try (InferenceModel m =
        InferenceModel.create(ResNetPreset.RESNET18.config(Stem.IMAGENET, 1000), Precision.BF16)) {
      assertEquals(Precision.BF16, m.sessionOptions().precision());
      TorchWeightImport.into(m.model(), m.graph(), m.session(), pth, ImportOptions.STRICT);
      float[] logits = m.logits(input.values(), 4, 224, 224);
      float[] want = expected.values();
      double scale = expected.maxAbs();
      for (int image = 0; image < 4; image++) {
        double error = 0;
        for (int k = 0; k < 1000; k++) {
          error = Math.max(error, Math.abs(logits[image * 1000 + k] - want[image * 1000 + k]));
        }
        System.out.printf(
            "ResNet-18 bf16, image %d: max logit difference %.3g at scale %.3g%n",
            image, error, scale);
        // 8 significant bits through 18 layers: measured 0.4 % of the logits' scale here.
        assertTrue(error <= 0.02 * scale, "image " + image + ": logits differ by " + error);
        assertEquals(argmax(want, image), argmax(logits, image), "image " + image + "'s top class");
      }
    }
  }

  private static int argmax(float[] logits, int image) {
    int best = 0;
    for (int k = 1; k < 1000; k++) {
      if (logits[image * 1000 + k] > logits[image * 1000 + best]) {
        best = k;
      }
    }
    return best;
  }
}
