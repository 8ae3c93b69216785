package dev.reslab.analysis.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.reslab.analysis.inputs.DatasetBatches;
import dev.reslab.analysis.inputs.ImageBatch;
import dev.reslab.analysis.robustness.LabelledBatch;
import dev.reslab.data.Cifar10Dataset;
import dev.reslab.data.DataException;
import dev.reslab.data.DataSpec;
import dev.reslab.data.ImageDataset;
import dev.reslab.data.Normalization;
import dev.reslab.data.PipelineOptions;
import dev.reslab.interop.run.RunImport;
import dev.reslab.model.engine.Precision;
import dev.reslab.model.inference.InferenceModel;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.run.RunConfig;
import dev.reslab.model.run.RunDirectory;
import dev.reslab.model.training.TrainingConfig;
import dev.reslab.model.training.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's model is evaluated on images normalised as its run recorded, not as the options built for
 * the data set say: an imported PyTorch ResNet evaluated on CIFAR-10 through the library was fed
 * CIFAR-10's statistics instead of ImageNet's, silently.
 */
class ModelEvaluationTest {
  private static final ResNetConfig SMALL = SyntheticLearningTest.SMALL;

  @TempDir Path tmp;

  @Test
  void aRunIsFedTheNormalisationItRecorded() {
    DataSpec data = DataSpec.of("synthetic", null).withLimits(64, 32);
    ImageDataset test = data.open("test");
    Path run = trainedRun(data, test);
    PipelineOptions datasetDefault = data.evaluationOptions(32, 64);
    PipelineOptions none = datasetDefault.toBuilder().normalization(Normalization.NONE).build();
    PipelineOptions imagenet =
        datasetDefault.toBuilder().normalization(Normalization.IMAGENET).build();

    record(run, "normalization", described(Normalization.IMAGENET));
    double recorded = loss(run, test, datasetDefault);
    assertEquals(recorded, loss(run, test, imagenet), 1e-9, "as with ImageNet's given");
    assertEquals(recorded, loss(run, test, none), 1e-9, "the run's record wins");

    record(run, "normalization", described(Normalization.NONE));
    assertNotEquals(
        recorded, loss(run, test, imagenet), 1e-6, "what the run records changes the result");
  }

  @Test
  void aRunIsNotScoredAgainstItsClassesInAnotherOrder() {
    DataSpec data = DataSpec.of("synthetic", null).withLimits(32, 32);
    ImageDataset test = data.open("test");
    Path run = trainedRun(data, test);
    List<String> labels = new ArrayList<>(test.info().labelNames());
    Collections.reverse(labels);
    record(run, "labels", labels);

    DataException e =
        assertThrows(DataException.class, () -> loss(run, test, data.evaluationOptions(32, 32)));
    assertTrue(
        e.getMessage().startsWith("run " + run + " was trained on 10 classes"), e.getMessage());
  }

  /**
   * He et al.'s ResNet-20 on the shared CIFAR-10 test images: 854 of 932 right (91.63 %, as PyTorch
   * scores it), and the loss a plain-Java cross-entropy gives over the model's logits of the file's
   * pixels normalised as the weights' documentation says (ImageNet's mean and std).
   */
  @Test
  void theImportedResNet20ScoresWhatItsLogitsSay() throws IOException {
    Path root = Path.of(System.getProperty("reslab.data", "../shared/data"));
    Path weights = root.resolve("weights/resnet-cifar10/resnet20-12fca82f.th");
    Path cifar10 = root.resolve("cifar10");
    assumeTrue(
        Files.isRegularFile(weights) && Files.isDirectory(cifar10),
        "no real data under " + root + ": skipped");
    Path run = tmp.resolve("r20");
    RunImport.fromTorch(weights, run);
    byte[] file = Files.readAllBytes(cifar10.resolve("cifar-10-batches-bin/test_batch.bin"));
    int n = file.length / Cifar10Dataset.RECORD_BYTES;
    float[] mean = {0.485f, 0.456f, 0.406f};
    float[] std = {0.229f, 0.224f, 0.225f};
    EvaluationResult result;
    double lossSum = 0;
    long correct = 0;
    try (InferenceModel model = InferenceModel.load(run)) {
      result = ModelEvaluation.evaluate(model, DataSpec.of("cifar10", cifar10), "test");
      for (int start = 0; start < n; start += 100) {
        int batch = Math.min(100, n - start);
        float[] x = new float[batch * 32 * 32 * 3];
        for (int i = 0; i < batch; i++) {
          int at = (start + i) * Cifar10Dataset.RECORD_BYTES + 1; // R, G, B planes of 32×32
          for (int p = 0; p < 32 * 32; p++) {
            for (int c = 0; c < 3; c++) {
              float v = (file[at + c * 1024 + p] & 0xff) / 255f;
              x[(i * 1024 + p) * 3 + c] = (v - mean[c]) / std[c];
            }
          }
        }
        float[] logits = model.logits(x, batch, 32, 32);
        for (int i = 0; i < batch; i++) {
          int label = file[(start + i) * Cifar10Dataset.RECORD_BYTES];
          int best = 0;
          double max = Double.NEGATIVE_INFINITY;
          for (int k = 0; k < 10; k++) {
            if (logits[i * 10 + k] > max) {
              max = logits[i * 10 + k];
              best = k;
            }
          }
          double sum = 0;
          for (int k = 0; k < 10; k++) {
            sum += Math.exp(logits[i * 10 + k] - max);
          }
          lossSum += max + Math.log(sum) - logits[i * 10 + label];
          correct += best == label ? 1 : 0;
        }
      }
    }
    assertEquals(854, correct, "the reference itself scores the published 91.63 %");
    assertEquals(932, result.images());
    assertEquals(854, result.correct());
    assertEquals(854.0 / 932, result.accuracy(), 1e-12);
    assertEquals(lossSum / n, result.loss(), 1e-5);
    assertTrue(Double.isNaN(result.macroAuc()) && Double.isNaN(result.meanLabelAccuracy()));
    assertEquals(Precision.FP32, result.precision());
    assertTrue(result.seconds() > 0 && result.imagesPerSecond() > 0, result.toString());

    Map<String, Double> map = result.toMap(); // what `reslab eval --json-file` writes
    assertEquals("loss", map.keySet().iterator().next());
    assertEquals(932.0, map.get("examples"));
    assertEquals(result.accuracy(), map.get("accuracy"));
    assertEquals(List.copyOf(map.keySet()).get(map.size() - 1), "examples");
  }

  /**
   * A sigmoid head (independent labels) has no accuracy per image: its result is the macro ROC AUC
   * and the share of label decisions right at 0.5, here recomputed in plain Java from the model's
   * own outputs on the same images.
   */
  @Test
  void aSigmoidHeadReportsMacroAucAndMeanLabelAccuracy() {
    DataSpec data = DataSpec.of("synthetic-multilabel", null);
    ImageDataset test = data.open("test");
    int labels = test.info().numLabels();
    PipelineOptions raw =
        data.evaluationOptions(32, 96).toBuilder().normalization(Normalization.NONE).build();
    EvaluationResult result;
    List<float[]> logits = new ArrayList<>();
    List<float[]> targets = new ArrayList<>();
    try (InferenceModel model = InferenceModel.create(TrainingJob.fitHead(SMALL, test.info()));
        DatasetBatches batches = DatasetBatches.anyTask(test, 32, raw.limit())) {
      result =
          ModelEvaluation.evaluate(model, test, raw, TrainingJob.metricsFor(test.info()).get());
      for (LabelledBatch b : batches) {
        ImageBatch im = b.images();
        float[] z = model.logits(im.pixels(), im.batch(), im.height(), im.width());
        for (int i = 0; i < im.batch(); i++) {
          logits.add(Arrays.copyOfRange(z, i * labels, (i + 1) * labels));
          targets.add(Arrays.copyOfRange(b.targets(), i * labels, (i + 1) * labels));
        }
      }
    }
    int n = logits.size();
    double bce = 0;
    long right = 0;
    for (int i = 0; i < n; i++) {
      for (int l = 0; l < labels; l++) {
        double z = logits.get(i)[l];
        double y = targets.get(i)[l];
        bce += Math.log1p(Math.exp(-z)) + (1 - y) * z; // −y·log σ(z) − (1−y)·log(1−σ(z))
        right += (1 / (1 + Math.exp(-z)) > 0.5) == (y == 1) ? 1 : 0;
      }
    }
    double aucSum = 0;
    int aucLabels = 0;
    for (int l = 0; l < labels; l++) { // AUC: the chance a positive outscores a negative
      double pairs = 0;
      double wins = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          if (targets.get(i)[l] == 1 && targets.get(j)[l] == 0) {
            pairs++;
            float a = logits.get(i)[l];
            float b = logits.get(j)[l];
            wins += a > b ? 1 : a == b ? 0.5 : 0;
          }
        }
      }
      if (pairs > 0) {
        aucSum += wins / pairs;
        aucLabels++;
      }
    }
    assertEquals(96, n);
    assertEquals(96, result.images());
    assertEquals(bce / (n * labels), result.loss(), 1e-5);
    assertEquals((double) right / (n * labels), result.meanLabelAccuracy(), 1e-12);
    assertEquals(aucSum / aucLabels, result.macroAuc(), 1e-6);
    assertTrue(Double.isNaN(result.accuracy()));
    IllegalStateException e = assertThrows(IllegalStateException.class, result::correct);
    assertTrue(e.getMessage().contains("macroAuc and meanLabelAccuracy"), e.getMessage());
  }

  /** One short epoch of a small ResNet on {@code data}. */
  private Path trainedRun(DataSpec data, ImageDataset test) {
    Path run = tmp.resolve("run");
    TrainingJob.train(
        TrainingJob.fitHead(SMALL, test.info()),
        TrainingConfig.defaults(1, 32),
        data,
        run,
        TrainingListener.NONE);
    return run;
  }

  private static double loss(Path run, ImageDataset test, PipelineOptions options) {
    try (InferenceModel model = InferenceModel.load(run)) {
      return ModelEvaluation.evaluate(
              model, test, options, TrainingJob.metricsFor(test.info()).get())
          .loss();
    }
  }

  private static Map<String, Object> described(Normalization n) {
    return Map.of(
        "mean", List.of(n.mean()[0], n.mean()[1], n.mean()[2]),
        "std", List.of(n.std()[0], n.std()[1], n.std()[2]));
  }

  /** Rewrites the run's recorded data description with {@code key} set to {@code value}. */
  private static void record(Path run, String key, Object value) {
    RunDirectory dir = RunDirectory.open(run);
    RunConfig c = dir.readConfig();
    Map<String, Object> data = new LinkedHashMap<>(c.data());
    data.put(key, value);
    dir.writeConfig(
        new RunConfig(c.model(), c.training(), data, c.versions(), c.created(), c.init()));
  }
}
