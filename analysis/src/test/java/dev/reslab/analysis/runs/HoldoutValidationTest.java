package dev.reslab.analysis.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.data.DataPipeline;
import dev.reslab.data.DataSpec;
import dev.reslab.data.Holdout;
import dev.reslab.data.ImageDataset;
import dev.reslab.data.PipelineOptions;
import dev.reslab.model.resnet.ResNetPreset;
import dev.reslab.model.run.RunDirectory;
import dev.reslab.model.tensor.FloatTensors;
import dev.reslab.model.training.TrainingConfig;
import dev.reslab.model.training.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFOutOfRangeException;
import org.tensorflow.op.Ops;

/**
 * CIFAR-10 without split flags selects the epoch on a seeded, stratified 10 % of its training
 * files: validation and training never share an image, every class keeps its share, and the test
 * batch is never read.
 */
class HoldoutValidationTest {
  private static final Path CIFAR =
      Path.of(System.getProperty("reslab.data", "../shared/data"))
          .resolve("cifar10/cifar-10-batches-bin");

  @TempDir Path tmp;

  /** The training files alone (links): a run that needed test_batch.bin would fail here. */
  private Path trainingFilesOnly() throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(CIFAR), "shared CIFAR-10 not found");
    Path dir = tmp.resolve("cifar-10-batches-bin");
    Files.createDirectories(dir);
    for (int i = 1; i <= 5; i++) {
      Files.createSymbolicLink(
          dir.resolve("data_batch_" + i + ".bin"),
          CIFAR.resolve("data_batch_" + i + ".bin").toAbsolutePath());
    }
    return dir;
  }

  /** Every image of a pipeline (row-major floats), and its labels' class ids. */
  private static List<float[]> images(
      ImageDataset data, PipelineOptions options, List<Integer> classes) {
    List<float[]> out = new ArrayList<>();
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      DataPipeline p = data.pipeline(tf, options);
      try (Session s = new Session(g)) {
        p.startEpoch(s, 1);
        while (true) {
          try (Result r = s.runner().fetch(p.images()).fetch(p.labels()).run()) {
            float[] x = FloatTensors.toArray(r.get(0));
            float[] y = FloatTensors.toArray(r.get(1));
            int n = (int) r.get(0).shape().get(0);
            int per = x.length / n;
            int k = y.length / n;
            for (int i = 0; i < n; i++) {
              out.add(Arrays.copyOfRange(x, i * per, (i + 1) * per));
              for (int c = 0; c < k; c++) {
                if (y[i * k + c] == 1f) {
                  classes.add(c);
                }
              }
            }
          } catch (TFOutOfRangeException end) {
            return out;
          }
        }
      }
    }
  }

  @Test
  void validationIsADisjointStratifiedTenthOfTheTrainingFiles() throws Exception {
    DataSpec spec = DataSpec.of("cifar10", trainingFilesOnly().getParent());
    assertEquals(DataSpec.HOLDOUT, spec.validationSplit());
    ImageDataset train = spec.open(spec.trainSplit());
    long all = train.info().examples();
    List<Integer> trainClasses = new ArrayList<>();
    List<Integer> valClasses = new ArrayList<>();
    PipelineOptions trainOptions =
        spec.pipelineOptions(true, 256, 0).toBuilder().shuffle(false).augment(false).build();
    List<float[]> t = images(train, trainOptions, trainClasses);
    List<float[]> v =
        images(spec.open(spec.validationSplit()), spec.pipelineOptions(false, 256, 0), valClasses);
    assertEquals(all, t.size() + v.size(), "every training file is in exactly one part");
    Set<List<Float>> seen = new HashSet<>();
    for (float[] img : t) {
      seen.add(asList(img));
    }
    int shared = 0;
    for (float[] img : v) {
      shared += seen.contains(asList(img)) ? 1 : 0;
    }
    // Exact duplicates inside CIFAR-10's training set are rare; none in these 4,660 images.
    assertEquals(0, shared, "no validation image appears in training");
    // Stratified: each class gives round(10 %) of its own images.
    int[] perClass = new int[10];
    trainClasses.forEach(c -> perClass[c]++);
    valClasses.forEach(c -> perClass[c]++);
    int[] held = new int[10];
    valClasses.forEach(c -> held[c]++);
    for (int c = 0; c < 10; c++) {
      assertEquals(Math.round(0.1 * perClass[c]), held[c], "class " + c);
    }
    // Another seed holds out other images.
    DataSpec other = spec.withHoldout(new Holdout(0.1, 7));
    List<float[]> v7 =
        images(
            other.open(other.validationSplit()),
            other.pipelineOptions(false, 256, 0),
            new ArrayList<>());
    assertTrue(v7.stream().map(HoldoutValidationTest::asList).filter(seen::contains).count() > 0);
  }

  @Test
  void trainingWithoutSplitFlagsNeverReadsTheTestBatch() throws Exception {
    Path dir = trainingFilesOnly();
    DataSpec spec = DataSpec.of("cifar10", dir.getParent()).withLimits(64, 64);
    var model = ResNetPreset.RESNET20.config().toBuilder().widthFactor(0.25).build();
    var result =
        TrainingJob.train(
            model, TrainingConfig.defaults(1, 64), spec, tmp.resolve("run"), TrainingListener.NONE);
    assertTrue(result.epochs().get(0).metrics().containsKey("val_accuracy"));
    var data = RunDirectory.open(tmp.resolve("run")).readConfig().data();
    assertEquals("holdout", data.get("validationSplit"));
    assertEquals(Map.of("fraction", 0.1, "seed", 0), data.get("holdout"));
  }

  @Test
  void choosingEpochsOnTheTestSplitIsRecordedAsBiased() throws Exception {
    Path dir = trainingFilesOnly().getParent();
    Files.createSymbolicLink(
        dir.resolve("cifar-10-batches-bin/test_batch.bin"),
        CIFAR.resolve("test_batch.bin").toAbsolutePath());
    DataSpec onTest = DataSpec.of("cifar10", dir).withValidationSplit("test");
    assertTrue(onTest.selectsOnTest());
    assertEquals(
        DataSpec.TEST_SELECTION_WARNING,
        onTest.describe(onTest.open("train")).get("model_selection_warning"));
    DataSpec usual = DataSpec.of("cifar10", dir);
    assertEquals(null, usual.describe(usual.open("train")).get("model_selection_warning"));
  }

  private static List<Float> asList(float[] a) {
    List<Float> l = new ArrayList<>(a.length);
    for (float f : a) {
      l.add(f);
    }
    return l;
  }
}
