package dev.reslab.analysis.explain;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.analysis.inputs.ImageBatch;
import dev.reslab.data.Normalization;
import dev.reslab.model.inference.InferenceModel;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.resnet.ResNetPreset;
import dev.reslab.model.resnet.Stem;
import dev.reslab.model.tensor.FloatTensors;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.types.TFloat32;

/**
 * What Grad-CAM over every stage costs against one forward and backward pass. Prints medians; no
 * assertions on time (the machine is shared).
 */
@Tag("integration")
class GradCamSpeedIntegrationTest {

  @Test
  void gradCamOverFourStagesAgainstOneBackwardPass() {
    measure("ResNet-18 (CIFAR stem)", ResNetPreset.RESNET18.config(Stem.CIFAR, 10), 32);
    measure("ResNet-20", ResNetPreset.RESNET20.config(), 128);
  }

  private static void measure(String name, ResNetConfig config, int batch) {
    try (InferenceModel m = InferenceModel.create(config)) {
      ExplainableModel model = ExplainableModel.of(m, Normalization.IMAGENET);
      ImageBatch images = GradCamTest.randomImages(batch, 32, 32, 7);
      GradCam all = GradCam.forStages(model);
      GradCam first = GradCam.create(model, List.of("layer1"));
      GradCam last = GradCam.create(model, List.of(all.layers().get(all.layers().size() - 1)));
      // a plain forward + backward to the input pixels: the usual "one backward pass"
      Operand<TFloat32> score =
          model.ops().sum(model.logits(), model.ops().constant(new int[] {0, 1}));
      Output<?> toPixels =
          model.graph()
              .addGradients(score.asOutput(), new Output<?>[] {model.pixels().asOutput()})[0];
      Runnable forward = () -> model.probabilities(images);
      Runnable backward =
          () -> {
            try (TFloat32 x = FloatTensors.of(images.pixels(), batch, 32, 32, 3);
                Result r = model.session().runner().feed(model.pixels(), x).fetch(toPixels).run()) {
              r.get(0);
            }
          };
      Runnable camAll = () -> all.explain(images, List.of(Target.predicted()), CamMethod.GRAD_CAM);
      Runnable camFirst =
          () -> first.explain(images, List.of(Target.predicted()), CamMethod.GRAD_CAM);
      Runnable camLast =
          () -> last.explain(images, List.of(Target.predicted()), CamMethod.GRAD_CAM);
      Runnable camPlus =
          () -> all.explain(images, List.of(Target.predicted()), CamMethod.GRAD_CAM_PLUS_PLUS);
      // interleaved rounds, so a neighbour's load falls on every variant alike
      double[] t = medians(List.of(forward, backward, camFirst, camLast, camAll, camPlus), 11);
      double f = t[0];
      double b = t[1];
      double c1 = t[2];
      double cl = t[3];
      double c = t[4];
      double cp = t[5];
      System.out.printf(
          Locale.ROOT,
          "%s, batch %d: forward %.1f ms; forward+backward to the pixels %.1f ms; "
              + "Grad-CAM layer1 only %.1f ms, last stage only %.1f ms; Grad-CAM %s %.1f ms (%.2fx the "
              + "forward+backward, %.2fx layer1 only); Grad-CAM++ %.1f ms%n",
          name,
          batch,
          f,
          b,
          c1,
          cl,
          all.layers(),
          c,
          c / b,
          c / c1,
          cp);
      // What the single gradient call is for: every stage's map costs about one backward pass, not
      // one per stage.
      assertTrue(
          c / b < 1.5,
          String.format(
              Locale.ROOT,
              "%s: Grad-CAM of %d stages took %.2fx a forward+backward " + "pass",
              name,
              all.layers().size(),
              c / b));
      assertTrue(
          c / c1 < 1.5,
          String.format(
              Locale.ROOT,
              "%s: Grad-CAM of %d stages took %.2fx Grad-CAM of layer1 " + "alone",
              name,
              all.layers().size(),
              c / c1));
    }
  }

  private static double[] medians(List<Runnable> runs, int rounds) {
    runs.forEach(
        r -> {
          r.run();
          r.run();
        });
    double[][] ms = new double[runs.size()][rounds];
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < runs.size(); i++) {
        long t0 = System.nanoTime();
        runs.get(i).run();
        ms[i][round] = (System.nanoTime() - t0) / 1e6;
      }
    }
    double[] out = new double[runs.size()];
    for (int i = 0; i < runs.size(); i++) {
      Arrays.sort(ms[i]);
      out[i] = ms[i][rounds / 2];
    }
    return out;
  }
}
