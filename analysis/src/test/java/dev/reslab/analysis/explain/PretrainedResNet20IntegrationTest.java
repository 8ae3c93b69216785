package dev.reslab.analysis.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.analysis.inputs.DatasetBatches;
import dev.reslab.analysis.inputs.ImageBatch;
import dev.reslab.analysis.inputs.ImageSelection;
import dev.reslab.analysis.perclass.PerClassReport;
import dev.reslab.analysis.perclass.PerClassResult;
import dev.reslab.analysis.robustness.RobustnessPlan;
import dev.reslab.analysis.robustness.RobustnessReport;
import dev.reslab.analysis.robustness.SeverityTable;
import dev.reslab.data.Datasets;
import dev.reslab.data.ImageDataset;
import dev.reslab.data.Normalization;
import dev.reslab.data.Split;
import dev.reslab.interop.run.RunImport;
import dev.reslab.interop.weights.ImportOptions;
import dev.reslab.model.inference.InferenceModel;
import dev.reslab.model.resnet.ResNetPreset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pretrained He et al. ResNet-20 on the 932 exact CIFAR-10 test images: Grad-CAM grids,
 * occlusion maps, per-class results and the CIFAR-10-C robustness table. Outputs go to {@code
 * -Dreslab.analysis.out} (default {@code target/real-data}) so they can be looked at.
 */
@Tag("integration")
class PretrainedResNet20IntegrationTest {

  @TempDir static Path tmp;

  static Path data;
  static Path out;
  static InferenceModel resnet;
  static ExplainableModel model;
  static ImageDataset test;

  @BeforeAll
  static void importWeights() throws Exception {
    Path root = Path.of(System.getProperty("reslab.data", "../shared/data"));
    Path weights = root.resolve("weights/resnet-cifar10/resnet20-12fca82f.th");
    data = root.resolve("cifar10");
    Assumptions.assumeTrue(
        Files.isRegularFile(weights) && Files.isDirectory(data), "no real data under " + root);
    out = Path.of(System.getProperty("reslab.analysis.out", "target/real-data"));
    Path run = tmp.resolve("resnet20");
    RunImport.fromTorch(weights, ResNetPreset.RESNET20.config(), ImportOptions.STRICT, run);
    resnet = InferenceModel.load(run);
    // the weights expect pixels / 255 with ImageNet mean and std
    model = ExplainableModel.of(resnet, Normalization.IMAGENET);
    test = Datasets.open("cifar10", data, Split.TEST);
  }

  @AfterAll
  static void close() {
    if (resnet != null) {
      resnet.close();
    }
  }

  @Test
  void gradCamOcclusionAndFaithfulnessOnCatsDogsAndTrucks() {
    ImageSelection pick = ImageSelection.firstOfClasses(test, List.of("cat", "dog", "truck"), 2);
    ImageBatch images = pick.images();
    GradCam cam = GradCam.forStages(model);
    assertEquals(List.of("layer1", "layer2", "layer3"), cam.layers());
    Faithfulness deletion = new Faithfulness(model, Baseline.BLUR, 16);
    Path dir = out.resolve("gradcam");
    for (CamMethod method : CamMethod.values()) {
      GradCamResult r = cam.explain(images, List.of(Target.predicted()), method);
      List<List<FaithfulnessScore>> scores = new ArrayList<>();
      for (int l = 0; l < cam.layers().size(); l++) {
        scores.add(deletion.score(r, l, 0.2));
      }
      ExplanationFiles.writeGradCam(r, dir, pick.names(), test.info().labelNames(), 0.5f, scores);
      for (int l = 0; l < cam.layers().size(); l++) {
        double auc =
            scores.get(l).stream()
                .mapToDouble(FaithfulnessScore::deletionAuc)
                .average()
                .orElseThrow();
        double drop =
            scores.get(l).stream()
                .mapToDouble(FaithfulnessScore::confidenceDrop)
                .average()
                .orElseThrow();
        System.out.printf(
            Locale.ROOT,
            "%s %s: mean deletion AUC %.3f, mean confidence drop (top 20%%) %.3f%n",
            method,
            cam.layers().get(l),
            auc,
            drop);
      }
      if (method == CamMethod.GRAD_CAM) {
        for (int i = 0; i < images.batch(); i++) {
          System.out.printf(
              Locale.ROOT,
              "%s: label %d predicted %d p=%.3f%n",
              pick.names().get(i),
              pick.labels()[i],
              r.predicted()[i],
              r.targetProbabilities()[i]);
        }
        // The last stage's maps against random maps as smooth as they are (8x8 noise upsampled the
        // same way):
        // deleting by Grad-CAM must hurt more. Per-pixel noise maps are shown too; scattered
        // deletions act like
        // impulse noise, which this model is very sensitive to, so they are no fair baseline.
        Random random = new Random(1);
        double camAuc = 0;
        double smoothAuc = 0;
        double pixelAuc = 0;
        for (int i = 0; i < images.batch(); i++) {
          for (int repeat = 0; repeat < 4; repeat++) {
            float[] coarse = new float[8 * 8];
            for (int p = 0; p < coarse.length; p++) {
              coarse[p] = random.nextFloat();
            }
            float[] noise = new float[32 * 32];
            for (int p = 0; p < noise.length; p++) {
              noise[p] = random.nextFloat();
            }
            smoothAuc +=
                deletion
                        .score(
                            images,
                            i,
                            GradCamTest.bilinearHalfPixel(coarse, 8, 8, 32, 32),
                            r.targets().get(i),
                            0.2)
                        .deletionAuc()
                    / 4;
            pixelAuc += deletion.score(images, i, noise, r.targets().get(i), 0.2).deletionAuc() / 4;
          }
          camAuc += scores.get(2).get(i).deletionAuc();
        }
        int n = images.batch();
        System.out.printf(
            Locale.ROOT,
            "layer3 Grad-CAM deletion AUC %.3f vs smooth random maps %.3f, per-pixel "
                + "random maps %.3f%n",
            camAuc / n,
            smoothAuc / n,
            pixelAuc / n);
        assertTrue(camAuc < smoothAuc, camAuc + " vs " + smoothAuc);
      }
    }
    ActivationGrid.write(
        model, images, 0, "layer1", 0, 8, out.resolve("activations/0000-cat-layer1.png"));
    ActivationGrid.write(
        model, images, 0, "layer3", 32, 8, out.resolve("activations/0000-cat-layer3.png"));
    FilterGrid.writeRgb(
        FilterGrid.kernel(resnet.model(), resnet.session(), "conv1"),
        0,
        8,
        out.resolve("filters/conv1.png"));
    FilterGrid.writeGrayscale(
        FilterGrid.kernel(resnet.model(), resnet.session(), "layer1.0.conv1"),
        16,
        16,
        out.resolve("filters/layer1.0.conv1.png"));
    OcclusionSettings settings = new OcclusionSettings(8, 2, Baseline.ZERO, 128);
    long start = System.nanoTime();
    List<OcclusionMap> maps =
        new Occlusion(model, settings).run(images, List.of(Target.predicted()), null);
    double seconds = (System.nanoTime() - start) / 1e9;
    long copies = (long) images.batch() * maps.get(0).rows() * maps.get(0).columns();
    for (int i = 0; i < maps.size(); i++) {
      ExplanationFiles.writeOcclusion(
          maps.get(i),
          images.image(i),
          out.resolve("occlusion"),
          pick.names().get(i),
          test.info().labelNames(),
          model.head(),
          settings,
          0.5f);
    }
    // the model's plain batch inference speed on the same number of images, batch 128
    float[] px = new float[128 * 32 * 32 * 3];
    Arrays.fill(px, 0.5f);
    ImageBatch batch = new ImageBatch(px, 128, 32, 32, 3);
    model.probabilities(batch);
    long t0 = System.nanoTime();
    int runs = (int) Math.max(1, copies / 128);
    for (int i = 0; i < runs; i++) {
      model.probabilities(batch);
    }
    double inference = runs * 128 / ((System.nanoTime() - t0) / 1e9);
    System.out.printf(
        Locale.ROOT,
        "occlusion: %d copies in %.2f s = %.0f images/s; batch inference %.0f images/s%n",
        copies,
        seconds,
        copies / seconds,
        inference);
  }

  @Test
  void perClassResultsAndRobustnessTableOnTheExactTestImages() {
    PerClassResult perClass;
    try (DatasetBatches batches = DatasetBatches.all(test, 128)) {
      assertEquals(932, batches.examples());
      perClass = PerClassReport.run(model::predict, batches, 10, 40, null);
      // the known figure for these weights on these images: 854 of 932
      assertEquals(854, perClass.confusion().correct());
      PerClassReport.write(
          perClass,
          test.info().labelNames(),
          out.resolve("per-class"),
          3,
          "ResNet-20, CIFAR-10 " + "test (932)");
      System.out.print(perClass.confusion().perClassCsv(test.info().labelNames()));
      System.out.print(perClass.confusion().confusedPairsCsv(test.info().labelNames(), 5));
      long t0 = System.nanoTime();
      RobustnessReport.Outcome o =
          RobustnessReport.run(
              model::predict,
              batches,
              RobustnessPlan.standard(SeverityTable.CIFAR10_C, 0),
              1,
              null);
      System.out.printf(
          Locale.ROOT, "robustness: 16 x 932 images in %.1f s%n", (System.nanoTime() - t0) / 1e9);
      assertEquals(854, o.table().clean().correct());
      RobustnessReport.write(
          o, out.resolve("robustness"), "ResNet-20 on CIFAR-10 test (932), CIFAR-10-C");
      System.out.print(RobustnessReport.markdown(o.table()));
    }
  }
}
