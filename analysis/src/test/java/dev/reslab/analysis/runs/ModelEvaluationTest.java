package dev.reslab.analysis.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.data.DataException;
import dev.reslab.data.DataSpec;
import dev.reslab.data.ImageDataset;
import dev.reslab.data.Normalization;
import dev.reslab.data.PipelineOptions;
import dev.reslab.model.inference.InferenceModel;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.run.RunConfig;
import dev.reslab.model.run.RunDirectory;
import dev.reslab.model.training.TrainingConfig;
import dev.reslab.model.training.TrainingListener;
import java.nio.file.Path;
import java.util.ArrayList;
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
          .get("loss");
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
