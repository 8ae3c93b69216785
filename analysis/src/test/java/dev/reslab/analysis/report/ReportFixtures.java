package dev.reslab.analysis.report;

import dev.reslab.analysis.plot.PngFile;
import dev.reslab.analysis.runs.TrainingJob;
import dev.reslab.analysis.study.Ablation;
import dev.reslab.analysis.study.Study;
import dev.reslab.analysis.study.StudyData;
import dev.reslab.analysis.study.StudyListener;
import dev.reslab.analysis.study.StudyPlan;
import dev.reslab.data.DataSpec;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.resnet.ResNetPreset;
import dev.reslab.model.run.RunConfig;
import dev.reslab.model.run.RunDirectory;
import dev.reslab.model.training.TrainingConfig;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Inputs for report tests: a run directory written by hand (no training) and a tiny trained study.
 */
final class ReportFixtures {
  private ReportFixtures() {}

  static final DataSpec DATA = DataSpec.of("synthetic", null).withLimits(192, 96);
  static final ResNetConfig TINY =
      TrainingJob.fitHead(
          ResNetPreset.RESNET18.config().toBuilder().widthFactor(0.125).depths(1, 1, 1, 1).build(),
          DATA.open("train").info());

  /**
   * A run with three epochs of known metrics (best epoch 2), a robustness table and a picture
   * another command left in it; first-N limits so the class counts of generated data are countable.
   */
  static Path handWrittenRun(Path dir) throws Exception {
    RunDirectory run = RunDirectory.create(dir);
    run.writeConfig(
        new RunConfig(
            TINY,
            TrainingConfig.defaults(3, 32).withSelection("val_accuracy", 0),
            new StudyData(DATA, 0).toMap(),
            Map.of("reslab", "test", "tensorflow", "2.18.0", "java", "17"),
            "2026-11-23T12:00:00Z"));
    Files.writeString(
        dir.resolve("metrics.jsonl"),
        String.join(
                "\n",
                row(1, 2.1, 0.20, 2.0, 0.25),
                row(2, 1.6, 0.45, 1.5, 0.50),
                row(3, 1.2, 0.70, 1.7, 0.4375))
            + "\n");
    Files.writeString(
        dir.resolve("best.json"), "{\"epoch\": 2, \"metric\": \"val_accuracy\", \"value\": 0.5}");
    Files.writeString(
        dir.resolve("robustness.csv"),
        "corruption,severity,accuracy\nnone,0,0.5\ngaussian_noise,1,"
            + "0.41\ngaussian_noise,5,0.12\n");
    BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
    img.setRGB(3, 3, 0xff0000);
    Files.createDirectories(dir.resolve("gradcam"));
    PngFile.write(dir.resolve("gradcam/layer4.png"), img);
    return dir;
  }

  private static String row(
      int epoch, double trainLoss, double trainAcc, double valLoss, double valAcc) {
    return String.format(
        java.util.Locale.ROOT,
        "{\"epoch\":%d,\"lr\":0.001,\"train_loss\":%s,\"train_accuracy\":%s,"
            + "\"val_loss\":%s,\"val_accuracy\":%s,\"seconds\":1.5,\"images_per_second\":100.0}",
        epoch,
        trainLoss,
        trainAcc,
        valLoss,
        valAcc);
  }

  /** A trained ablation of two variants, one seed, one epoch. */
  static Path tinyStudy(Path dir) {
    StudyPlan plan =
        new StudyPlan(
            "ablation",
            "val_accuracy",
            Ablation.variants(TINY, List.of("layer4")),
            TrainingConfig.defaults(1, 64),
            StudyData.of(DATA),
            StudyPlan.seeds(0, 1));
    Study.run(plan, dir, StudyListener.NONE);
    return dir;
  }
}
