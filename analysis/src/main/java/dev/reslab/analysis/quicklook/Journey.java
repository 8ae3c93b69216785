package dev.reslab.analysis.quicklook;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reslab.analysis.report.Report;
import dev.reslab.analysis.runs.ModelEvaluation;
import dev.reslab.analysis.runs.TrainingJob;
import dev.reslab.data.DataSpec;
import dev.reslab.data.ImageDataset;
import dev.reslab.data.Normalization;
import dev.reslab.model.inference.InferenceModel;
import dev.reslab.model.io.AtomicFiles;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.training.InitialWeights;
import dev.reslab.model.training.TrainingConfig;
import dev.reslab.model.training.TrainingListener;
import dev.reslab.model.training.TrainingResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The whole first study in one call, as {@code reslab quickstart} runs it: train (the head fitted
 * to the data unless chosen, optionally from pretrained weights) → evaluate the best epoch on the
 * whole test split → per-class results and Grad-CAM grids → report. Everything lands in the run
 * directory:
 *
 * <pre>
 * RUN/…                 the run (config.json, metrics, checkpoints, best)
 * RUN/evaluation.json   metrics of the best epoch on the test split
 * RUN/per-class/, RUN/gradcam/   see {@link QuickLook}
 * RUN/report/           report.md, report.html, model card, datasheet
 * </pre>
 *
 * <pre>{@code
 * Journey.Result r = Journey.run(new Journey.Plan(ResNetPreset.RESNET18.config(), false,
 *     TrainingConfig.defaults(3, 64), DataSpec.of("cifar10", dir), "test", 4, null), Path.of("runs/q"), listener);
 * }</pre>
 */
public final class Journey {
  private Journey() {}

  /**
   * What to run.
   *
   * @param model the model; its head is fitted to the data unless {@code headGiven}
   * @param headGiven whether the caller chose the head (classes, softmax/sigmoid)
   * @param training how to train
   * @param data the data (validation as the spec says; CIFAR-10 holds out part of its training
   *     split)
   * @param testSplit the split evaluated after training, whole
   * @param gradCamImages Grad-CAM grids for the first images of the test split
   * @param init initial weights, or null for fresh ones
   */
  public record Plan(
      ResNetConfig model,
      boolean headGiven,
      TrainingConfig training,
      DataSpec data,
      String testSplit,
      int gradCamImages,
      InitialWeights init) {}

  /**
   * What was done.
   *
   * @param training the training run
   * @param test metrics of the best epoch on the whole test split (with {@code examples})
   * @param look per-class files and Grad-CAM grids
   * @param report the report files
   * @param evaluation {@code RUN/evaluation.json}
   */
  public record Result(
      TrainingResult training,
      Map<String, Double> test,
      QuickLook.Written look,
      Report.Written report,
      Path evaluation) {}

  public static Result run(Plan plan, Path runDir, TrainingListener listener) {
    DataSpec data = plan.data();
    ResNetConfig model = TrainingJob.fitHead(plan.model(), plan.headGiven(), data);
    TrainingResult trained =
        TrainingJob.train(model, plan.training(), data, runDir, listener, plan.init());
    Path root = trained.run().root();
    ImageDataset test = data.open(plan.testSplit());
    Normalization norm =
        data.normalization() != null ? data.normalization() : test.info().normalization();
    Map<String, Double> metrics;
    QuickLook.Written look;
    listener.info(
        "evaluating the best epoch ("
            + trained.bestEpoch()
            + ") on "
            + test.info().name()
            + "/"
            + plan.testSplit()
            + ", then per-class results and Grad-CAM grids");
    try (InferenceModel best = InferenceModel.load(root)) {
      metrics =
          ModelEvaluation.evaluate(
                  best,
                  test,
                  data.evaluationOptions(128, 0),
                  TrainingJob.metricsFor(test.info()).get())
              .toMap();
      look = QuickLook.write(best, norm, test, root, plan.gradCamImages(), null);
    }
    Path evaluation = root.resolve("evaluation.json");
    try {
      AtomicFiles.writeString(
          evaluation,
          new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(metrics));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Report.Written report = Report.write(List.of(root), root.resolve("report"));
    return new Result(trained, metrics, look, report, evaluation);
  }
}
