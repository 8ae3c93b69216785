package dev.reslab.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.reslab.analysis.explain.ExplainableModel;
import dev.reslab.analysis.inputs.ImageBatch;
import dev.reslab.analysis.runs.EvaluationResult;
import dev.reslab.interop.array.FloatArray;
import dev.reslab.interop.export.SavedModelExport;
import dev.reslab.interop.savedmodel.ImportedSavedModel;
import dev.reslab.interop.savedmodel.Preprocessing;
import dev.reslab.model.engine.Precision;
import dev.reslab.model.engine.SessionOptions;
import dev.reslab.model.inference.InferenceModel;
import dev.reslab.model.resnet.ModelSummary;
import dev.reslab.model.run.RunDirectory;
import dev.reslab.model.training.EpochResult;
import dev.reslab.model.training.TrainingResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The researcher's programs of the README's library section run as written: the surgery against a
 * hand count, training and resuming on the shared CIFAR-10, the pretrained ResNet-20's published
 * accuracy, its Grad-CAM and a SavedModel that predicts as the run does. Tests needing the shared
 * data skip, saying so, without it.
 */
class ResearcherExamplesTest {
  @TempDir Path tmp;

  @Test
  void surgeryGivesTheHandCountedModel() {
    ModelSummary summary = MaskedResNet18.summary();
    // By hand, widths 56/112/224/448: stem 1,624; layer1 113,344; layer2 176,288 + 226,240;
    // layer3.0 703,808 (layer3.1 removed: 0); layer4 2,812,544 + 3,614,464; fc 4,490.
    assertEquals(7_652_802, summary.parameters());
    ModelSummary.Row removed =
        summary.rows().stream().filter(r -> r.name().equals("layer3.1")).findFirst().orElseThrow();
    assertEquals("RemovedBlock(identity)", removed.type());
    assertEquals(0, removed.parameters());
    try (InferenceModel m = InferenceModel.create(MaskedResNet18.config())) {
      assertEquals(m.model().parameterCount(), summary.parameters(), "the variables TF created");
    }
  }

  @Test
  void trainsInBf16AndResumes() {
    Path cifar10 = data("cifar10/cifar-10-batches-bin").getParent();
    Path run = tmp.resolve("run");
    TrainingResult resumed = MaskedResNet18.trainAndResume(cifar10, run);

    assertEquals(List.of(1, 2), resumed.epochs().stream().map(EpochResult::epoch).toList());
    assertEquals(3, lines(run.resolve("metrics.csv")), "header and two epochs");
    Precision inEffect = SessionOptions.of(Precision.BF16, 0, MaskedResNet18.config()).precision();
    assertEquals(inEffect, RunDirectory.open(run).readConfig().training().precision());
    assertTrue(resumed.last().get("train_loss") > 0);
  }

  @Test
  void pretrainedResNet20EvaluatesExplainsAndExports() {
    Path weights = data("weights/resnet-cifar10/resnet20-12fca82f.th");
    Path cifar10 = data("cifar10/cifar-10-batches-bin").getParent();
    Path run = tmp.resolve("r20");
    PretrainedResNet20.importWeights(weights, run);

    EvaluationResult test = PretrainedResNet20.evaluate(run, cifar10);
    assertEquals(932, test.images());
    assertEquals(854, test.correct(), "91.63 %, as PyTorch scores it");

    PretrainedResNet20.Explained e = PretrainedResNet20.explain(run, cifar10);
    // The official CIFAR-10 test set begins cat, ship, ship, airplane; the model gets all four.
    assertEquals(
        List.of("0000-cat", "0001-ship", "0002-ship", "0003-airplane"), e.images().names());
    assertEquals(List.of(3, 8, 8, 0), e.cams().targets().stream().map(t -> t.index()).toList());
    // What `reslab gradcam --indices 0,1,2,3 --layers layer3` printed for this model.
    double[] auc = {0.858, 0.860, 0.548, 0.586};
    for (int i = 0; i < 4; i++) {
      assertEquals(auc[i], e.scores().get(i).deletionAuc(), 0.01, "image " + i);
    }

    SavedModelExport.Exported exported = PretrainedResNet20.export(run, tmp.resolve("r20-export"));
    ImageBatch images = e.images().images();
    float[] expected;
    try (ExplainableModel m = ExplainableModel.open(run)) {
      expected = m.probabilities(images);
    }
    float[] raw = images.pixels().clone();
    for (int i = 0; i < raw.length; i++) {
      raw[i] *= 255f; // the SavedModel takes pixels 0-255 and normalises inside
    }
    try (ImportedSavedModel served = ImportedSavedModel.load(exported.dir())) {
      FloatArray p =
          served.run(
              SavedModelExport.SERVING,
              "images",
              "probabilities",
              new FloatArray(new long[] {4, 32, 32, 3}, raw),
              Preprocessing.NONE);
      assertArrayEquals(expected, p.values(), 1e-5f);
    }
  }

  private static Path data(String relative) {
    String dir = System.getProperty("reslab.data", System.getenv("RESLAB_DATA"));
    assumeTrue(dir != null, "no reslab.data directory configured: skipped");
    Path p = Path.of(dir).resolve(relative);
    assumeTrue(Files.exists(p), "real data not present, skipped: " + p);
    return p;
  }

  private static long lines(Path file) {
    try {
      return Files.readAllLines(file).size();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
