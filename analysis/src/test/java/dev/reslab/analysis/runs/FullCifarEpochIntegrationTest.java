package dev.reslab.analysis.runs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.data.DataSpec;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.resnet.ResNetPreset;
import dev.reslab.model.training.TrainingConfig;
import dev.reslab.model.training.TrainingListener;
import dev.reslab.model.training.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One epoch of full-width ResNet-18 on the whole CIFAR-10 JPEG training set (batch 128, Adam 1e-3),
 * evaluated on the JPEG test set. About half an hour on our 2-core AVX2 machines (~25 images/s; the
 * cifar stem costs 556 M multiply-accumulates per image): opt-in with {@code -Dgroups=integration}.
 */
@Tag("integration")
class FullCifarEpochIntegrationTest {

  @TempDir Path tmp;

  @Test
  void oneEpochOnTheJpegTrainingSet() {
    Path data = Path.of(System.getProperty("reslab.data", "../shared/data"), "cifar10");
    Assumptions.assumeTrue(
        Files.isDirectory(data.resolve("jpeg")), "CIFAR-10 JPEG tars not found under " + data);
    DataSpec spec = DataSpec.of("cifar10-jpeg", data);
    ResNetConfig model = ResNetPreset.RESNET18.config();
    long start = System.nanoTime();
    TrainingResult r =
        TrainingJob.train(
            model,
            TrainingConfig.defaults(1, 128),
            spec,
            tmp.resolve("run"),
            new TrainingListener() {
              @Override
              public void stepFinished(int epoch, long step, double loss, double imagesPerSecond) {
                if (step % 50 == 0) {
                  System.out.printf("step %d loss %.3f %.0f img/s%n", step, loss, imagesPerSecond);
                }
              }
            });
    double minutes = (System.nanoTime() - start) / 6e10;
    System.out.printf(
        "one epoch: val_accuracy %.4f, val_loss %.4f, %.1f min, %.0f img/s%n",
        r.last().get("val_accuracy"),
        r.last().get("val_loss"),
        minutes,
        r.last().imagesPerSecond());
    // One epoch of Adam from scratch reaches roughly 40-55 % on CIFAR-10; chance is 10 %.
    assertTrue(r.last().get("val_accuracy") > 0.3, "val accuracy " + r.last().get("val_accuracy"));
  }
}
