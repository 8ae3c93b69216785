package dev.reslab.analysis.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reslab.data.DataSpec;
import dev.reslab.data.ImageDataset;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.resnet.ResNetPreset;
import dev.reslab.model.training.OptimizerConfig;
import dev.reslab.model.training.TrainingConfig;
import dev.reslab.model.training.TrainingListener;
import dev.reslab.model.training.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path — synthetic data set, tf.data pipeline, ResNet, engine, task metrics — learns.
 * Thresholds are measured values with a margin (noted beside each), far above chance.
 */
class SyntheticLearningTest {
  /** The smallest ResNet-18 that still learns the synthetic shapes (also used beside this test). */
  static final ResNetConfig SMALL =
      ResNetPreset.RESNET18.config().toBuilder()
          .widthFactor(0.125)
          .depths(1, 1, 1, 1)
          .seed(3)
          .build();

  @TempDir Path tmp;

  @Test
  void multiClassShapesReachHighAccuracy() {
    DataSpec data = DataSpec.of("synthetic", null).withLimits(1500, 300);
    ImageDataset train = data.open("train");
    ResNetConfig model = TrainingJob.fitHead(SMALL, train.info());
    TrainingConfig training =
        TrainingConfig.defaults(4, 32)
            .withOptimizer(OptimizerConfig.adam(0.003))
            .withSelection("val_accuracy", 0);
    TrainingResult r =
        TrainingJob.train(model, training, data, tmp.resolve("mc"), TrainingListener.NONE);
    double acc = r.best().get("val_accuracy");
    // Chance is 0.10; measured 0.98 (macro F1 0.98).
    assertTrue(acc > 0.8, "validation accuracy " + acc);
    assertTrue(r.best().get("val_f1_macro") > 0.8, "macro F1 " + r.best().get("val_f1_macro"));
    assertEquals(10, model.classes());
  }

  @Test
  void multiLabelShapesReachHighMacroAuc() throws Exception {
    DataSpec data = DataSpec.of("synthetic-multilabel", null).withLimits(1500, 300);
    ImageDataset train = data.open("train");
    ResNetConfig model = TrainingJob.fitHead(SMALL, train.info());
    TrainingConfig training =
        TrainingConfig.defaults(4, 32)
            .withOptimizer(OptimizerConfig.adam(0.003))
            .withSelection("val_auc_macro", 0);
    TrainingResult r =
        TrainingJob.train(model, training, data, tmp.resolve("ml"), TrainingListener.NONE);
    double auc = r.best().get("val_auc_macro");
    // Chance is 0.5; measured 0.999.
    assertTrue(auc > 0.9, "validation macro ROC AUC " + auc);
    assertTrue(
        Files.size(tmp.resolve("ml/roc.png")) > 1000, "ROC curves of the best epoch for reports");
  }

  @Test
  void withoutValidationDataTheRunSaysWhatPicksTheBestEpoch() throws Exception {
    DataSpec data = DataSpec.of("synthetic", null).withLimits(64, 0).withValidationSplit(null);
    List<String> said = new ArrayList<>();
    TrainingListener listener =
        new TrainingListener() {
          @Override
          public void info(String message) {
            said.add(message);
          }
        };
    TrainingResult r =
        TrainingJob.train(SMALL, TrainingConfig.defaults(1, 32), data, tmp.resolve("nv"), listener);
    assertEquals(
        List.of("no validation data: the best epoch is picked by train_loss instead of val_loss"),
        said);
    assertEquals(
        "train_loss",
        new ObjectMapper().readTree(tmp.resolve("nv/best.json").toFile()).get("metric").asText());
    assertEquals(1, r.best().epoch());
  }

  @Test
  void aModelThatDoesNotFitTheDataIsRejected() {
    DataSpec data = DataSpec.of("synthetic-multilabel", null).withLimits(64, 64);
    String msg =
        Assertions.assertThrows(
                IllegalArgumentException.class,
                () ->
                    TrainingJob.train(
                        SMALL,
                        TrainingConfig.defaults(1, 32),
                        data,
                        tmp.resolve("x"),
                        TrainingListener.NONE))
            .getMessage();
    assertEquals(
        "the model has 10 outputs but synthetic-multilabel has 6 labels; set the classes to 6",
        msg);
  }
}
