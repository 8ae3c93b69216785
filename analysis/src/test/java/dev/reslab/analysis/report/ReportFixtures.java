package dev.reslab.analysis.report;

import dev.reslab.analysis.explain.Baseline;
import dev.reslab.analysis.explain.CamMethod;
import dev.reslab.analysis.explain.ExplanationFiles;
import dev.reslab.analysis.explain.FaithfulnessScore;
import dev.reslab.analysis.explain.GradCamResult;
import dev.reslab.analysis.explain.MapScale;
import dev.reslab.analysis.explain.OcclusionMap;
import dev.reslab.analysis.explain.OcclusionSettings;
import dev.reslab.analysis.explain.Target;
import dev.reslab.analysis.inputs.ImageBatch;
import dev.reslab.analysis.plot.PngFile;
import dev.reslab.analysis.robustness.LabelledBatch;
import dev.reslab.analysis.robustness.RobustnessPlan;
import dev.reslab.analysis.robustness.RobustnessReport;
import dev.reslab.analysis.robustness.SeverityTable;
import dev.reslab.analysis.runs.TrainingJob;
import dev.reslab.analysis.study.Ablation;
import dev.reslab.analysis.study.Study;
import dev.reslab.analysis.study.StudyData;
import dev.reslab.analysis.study.StudyListener;
import dev.reslab.analysis.study.StudyPlan;
import dev.reslab.data.DataSpec;
import dev.reslab.model.resnet.Head;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.resnet.ResNetPreset;
import dev.reslab.model.run.RunConfig;
import dev.reslab.model.run.RunDirectory;
import dev.reslab.model.training.TrainingConfig;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
        Locale.ROOT,
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

  /** 32 × 32 RGB gradients (a little different per image), pixels in [0, 1]. */
  private static float[] gradients(int n) {
    float[] px = new float[n * 32 * 32 * 3];
    for (int i = 0; i < n; i++) {
      for (int y = 0; y < 32; y++) {
        for (int x = 0; x < 32; x++) {
          int o = ((i * 32 + y) * 32 + x) * 3;
          px[o] = x / 31f;
          px[o + 1] = y / 31f;
          px[o + 2] = (x + y + 4 * i) % 16 < 8 ? 0.8f : 0.2f;
        }
      }
    }
    return px;
  }

  /**
   * What {@code robustness --out DIR} writes, made with a stand-in model (no TensorFlow) that is
   * right while an image keeps its stripes: noise and blur cost it accuracy as severity grows.
   */
  static Path robustnessFolder(Path dir) throws Exception {
    Files.createDirectories(dir);
    List<LabelledBatch> data = new ArrayList<>();
    for (int b = 0; b < 4; b++) {
      data.add(new LabelledBatch(new ImageBatch(gradients(8), 8, 32, 32, 3), new int[8]));
    }
    RobustnessReport.Outcome o =
        RobustnessReport.run(
            images -> {
              int[] p = new int[images.batch()];
              for (int i = 0; i < p.length; i++) {
                float[] im = images.image(i);
                double stripe = 0;
                for (int x = 0; x < 32; x++) {
                  stripe += Math.abs(im[x * 3 + 2] - im[(x + 1) % 32 * 3 + 2]);
                }
                p[i] = stripe > 4.5 + 0.3 * i ? 0 : 1;
              }
              return p;
            },
            data,
            RobustnessPlan.standard(SeverityTable.CIFAR10_C, 1),
            4,
            done -> {});
    RobustnessReport.write(o, dir, "stand-in model");
    return dir;
  }

  /**
   * What {@code gradcam} and {@code occlusion --out DIR} write, from maps made by hand (no
   * TensorFlow): two images, maps of two layers with faithfulness scores, an occlusion map.
   */
  static Path explanationFolder(Path dir) throws Exception {
    Files.createDirectories(dir);
    ImageBatch images = new ImageBatch(gradients(2), 2, 32, 32, 3);
    List<String> layers = List.of("layer2", "layer3");
    List<float[]> maps = new ArrayList<>();
    List<float[]> raw = new ArrayList<>();
    for (int l = 0; l < 2; l++) {
      float[] m = new float[2 * 32 * 32];
      for (int i = 0; i < m.length; i++) {
        int y = i / 32 % 32;
        int x = i % 32;
        // a blob whose place and strength differ per layer
        m[i] =
            (float)
                ((l + 1)
                    * Math.exp(
                        -((x - 10 - 8 * l) * (x - 10 - 8 * l) + (y - 12) * (y - 12)) / 40.0));
      }
      maps.add(m);
      raw.add(new float[2 * 4 * 4]);
    }
    GradCamResult r =
        new GradCamResult(
            CamMethod.GRAD_CAM,
            layers,
            Head.SOFTMAX,
            images,
            List.of(new Target.Resolved(3, true), new Target.Resolved(5, true)),
            new int[] {3, 1},
            new float[20],
            new float[] {0.91f, 0.42f},
            maps,
            raw,
            List.of(new long[] {2, 4, 4}, new long[] {2, 4, 4}));
    List<List<FaithfulnessScore>> scores = new ArrayList<>();
    for (int l = 0; l < 2; l++) {
      List<FaithfulnessScore> perImage = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        perImage.add(
            new FaithfulnessScore(
                new double[] {0, 1}, new double[] {0.9, 0.1}, 0.2 + 0.1 * l, 0.2, 0.5));
      }
      scores.add(perImage);
    }
    List<String> names =
        List.of(
            "airplane",
            "automobile",
            "bird",
            "cat",
            "deer",
            "dog",
            "frog",
            "horse",
            "ship",
            "truck");
    ExplanationFiles.writeGradCam(
        r, dir, List.of("test-0", "test-1"), names, 0.5f, scores, MapScale.GRID, false);
    float[] heat = new float[32 * 32];
    for (int i = 0; i < heat.length; i++) {
      heat[i] = i % 32 < 16 && i / 32 < 16 ? 0.6f : 0.05f;
    }
    ExplanationFiles.writeOcclusion(
        new OcclusionMap(new Target.Resolved(3, true), 0.91f, 4, 4, new float[16], 32, 32, heat),
        images.image(0),
        dir,
        "test-0",
        names,
        Head.SOFTMAX,
        new OcclusionSettings(8, 8, Baseline.ZERO, 16),
        0.5f);
    return dir;
  }
}
