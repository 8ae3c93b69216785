package dev.reslab.analysis.runs;

import dev.reslab.analysis.metrics.MultiClassMetrics;
import dev.reslab.analysis.metrics.MultiLabelMetrics;
import dev.reslab.analysis.metrics.RocCurve;
import dev.reslab.analysis.plot.RocPlot;
import dev.reslab.data.DataSpec;
import dev.reslab.data.DatasetInfo;
import dev.reslab.data.DatasetInput;
import dev.reslab.data.ImageDataset;
import dev.reslab.data.Normalization;
import dev.reslab.data.PipelineOptions;
import dev.reslab.data.Task;
import dev.reslab.model.inference.InferenceModel;
import dev.reslab.model.resnet.Head;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.run.RunConfig;
import dev.reslab.model.run.RunDirectory;
import dev.reslab.model.training.InitialWeights;
import dev.reslab.model.training.MetricsCollector;
import dev.reslab.model.training.Trainer;
import dev.reslab.model.training.TrainingConfig;
import dev.reslab.model.training.TrainingListener;
import dev.reslab.model.training.TrainingResult;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Trains a model on a named data set into a run directory, with the metrics of its task
 * (multi-class or multi-label); or resumes such a run from its {@code config.json}.
 */
public final class TrainingJob {
  private TrainingJob() {}

  /** Trains {@code model} on {@code data} into {@code out}. */
  public static TrainingResult train(
      ResNetConfig model,
      TrainingConfig training,
      DataSpec data,
      Path out,
      TrainingListener listener) {
    return train(model, training, data, out, listener, null);
  }

  /**
   * Trains {@code model} on {@code data} into {@code out}, starting from {@code init} (null: fresh
   * weights), which config.json records.
   */
  public static TrainingResult train(
      ResNetConfig model,
      TrainingConfig training,
      DataSpec data,
      Path out,
      TrainingListener listener,
      InitialWeights init) {
    return run(model, training, data, out, listener, false, init);
  }

  /**
   * Continues the run in {@code runDir} after its last complete checkpoint, up to {@code epochs} (0
   * = as planned).
   */
  public static TrainingResult resume(Path runDir, int epochs, TrainingListener listener) {
    return resume(runDir, epochs, null, listener);
  }

  /**
   * As {@link #resume(Path, int, TrainingListener)}, reading the run's data as {@code data}
   * describes it (the recorded data set in a folder it moved to), or as recorded when null.
   */
  public static TrainingResult resume(
      Path runDir, int epochs, DataSpec data, TrainingListener listener) {
    RunConfig config = RunDirectory.open(runDir).readConfig();
    if (config.training() == null) {
      throw new IllegalArgumentException(
          runDir
              + " holds imported weights and no training to resume; start a new "
              + "run initialised from its weights instead");
    }
    TrainingConfig training = epochs > 0 ? config.training().withEpochs(epochs) : config.training();
    return run(
        config.model(),
        training,
        data == null ? DataSpec.fromMap(config.data()) : data,
        runDir,
        listener,
        true,
        null);
  }

  /**
   * The data as a model initialised from pretrained weights expects it: normalised with the
   * statistics the weights were trained with ({@code sourceData}, a run's recorded data
   * description), and for data sets whose image size is free (CelebA, image folders) at the stem's
   * pretraining resolution (224×224 for the ImageNet stem) unless a size was chosen.
   */
  public static DataSpec preparedFor(
      DataSpec data, ResNetConfig model, Map<String, Object> sourceData) {
    boolean free = data.dataset().equals("celeba") || data.dataset().equals("folder");
    DataSpec d =
        free && data.imageSize() == 0 ? data.withImageSize(model.stem().defaultInputSize()) : data;
    Normalization n = sourceData == null ? null : DataSpec.recordedNormalization(sourceData);
    return n != null && d.normalization() == null ? d.withNormalization(n) : d;
  }

  private static TrainingResult run(
      ResNetConfig model,
      TrainingConfig training,
      DataSpec data,
      Path out,
      TrainingListener listener,
      boolean resume,
      InitialWeights init) {
    ImageDataset train = data.open(data.trainSplit());
    // A hold-out validation split reads the same files again: say each warning once.
    Set<String> warned = new HashSet<>();
    train.warnings().stream().filter(warned::add).forEach(w -> listener.info("warning: " + w));
    if (data.selectsOnTest()) {
      listener.info("warning: " + DataSpec.TEST_SELECTION_WARNING);
    }
    if (init != null) {
      SeenValidation.warning(init.provenance(), data, model)
          .ifPresent(w -> listener.info("warning: " + w));
    }
    checkModelFits(model, train.info());
    Trainer.Builder b =
        Trainer.builder(model, training)
            .trainData(
                DatasetInput.of(
                    train, data.pipelineOptions(true, training.batchSize(), training.seed())))
            .metrics(metricsFor(train.info()))
            .listener(listener)
            .runDirectory(out)
            .dataDescription(data.describe(train))
            .resume(resume)
            .initialWeights(init);
    ImageDataset validation = null;
    if (data.validationSplit() != null) {
      validation = data.open(data.validationSplit());
      validation.warnings().stream()
          .filter(warned::add)
          .forEach(w -> listener.info("warning: " + w));
      b.validationData(
          DatasetInput.of(
              validation, data.pipelineOptions(false, training.batchSize(), training.seed())));
    } else if (training.select().startsWith("val_")) {
      listener.info(
          "no validation data: the best epoch is picked by train_"
              + training.select().substring(4)
              + " instead of "
              + training.select());
    }
    TrainingResult result;
    try {
      result = b.build().run();
    } catch (RuntimeException e) {
      // A corrupt image met mid-epoch: TensorFlow's message does not say which file.
      throw ImageDataset.explained(e, train, validation);
    }
    if (validation != null && validation.info().task() == Task.MULTI_LABEL) {
      writeRocCurves(
          result, validation, data.pipelineOptions(false, training.batchSize(), training.seed()));
    }
    return result;
  }

  /**
   * Labels drawn in a run's ROC chart: more would be unreadable; every label's AUC is in
   * metrics.csv's macro.
   */
  static final int ROC_LABELS = 8;

  /**
   * {@code RUN/roc.png}: ROC curves of the best epoch on the validation data, for reports of
   * multi-label runs.
   */
  private static void writeRocCurves(
      TrainingResult result, ImageDataset validation, PipelineOptions options) {
    MultiLabelMetrics metrics = new MultiLabelMetrics(validation.info().numLabels());
    try (InferenceModel best = InferenceModel.load(result.run().root())) {
      ModelEvaluation.evaluate(best, validation, options, metrics);
    }
    Map<String, RocCurve> curves = new LinkedHashMap<>();
    for (int l = 0; l < metrics.labels() && curves.size() < ROC_LABELS; l++) {
      if (!Double.isNaN(metrics.auc(l))) {
        curves.put(
            String.format(
                Locale.ROOT,
                "%s (AUC %.3f)",
                validation.info().labelNames().get(l),
                metrics.auc(l)),
            metrics.rocCurve(l));
      }
    }
    if (!curves.isEmpty()) {
      RocPlot.write(
          result.run().root().resolve("roc.png"),
          "ROC curves, best epoch ("
              + result.bestEpoch()
              + "), "
              + validation.info().name()
              + " validation",
          curves);
    }
  }

  /** The metrics of a data set's task. */
  public static Supplier<MetricsCollector> metricsFor(DatasetInfo info) {
    int k = info.numLabels();
    return info.task() == Task.MULTI_LABEL
        ? () -> new MultiLabelMetrics(k)
        : () -> new MultiClassMetrics(k);
  }

  /**
   * The model's head must match the data: as many outputs as classes or labels, sigmoid for
   * multi-label data.
   */
  public static void checkModelFits(ResNetConfig model, DatasetInfo info) {
    if (model.classes() != info.numLabels()) {
      throw new IllegalArgumentException(
          "the model has "
              + model.classes()
              + " outputs but "
              + info.name()
              + " has "
              + info.numLabels()
              + (info.task() == Task.MULTI_LABEL ? " labels" : " classes")
              + "; set the classes to "
              + info.numLabels());
    }
    Head expected = info.task() == Task.MULTI_LABEL ? Head.SIGMOID : Head.SOFTMAX;
    if (model.head() != expected) {
      throw new IllegalArgumentException(
          "the model's "
              + model.head()
              + " head does not fit "
              + info.name()
              + " ("
              + (expected == Head.SIGMOID ? "multi-label" : "multi-class")
              + " data needs a "
              + expected
              + " head)");
    }
  }

  /**
   * {@code model} with its head fitted to {@code data}'s training split unless the caller chose it.
   */
  public static ResNetConfig fitHead(ResNetConfig model, boolean headGiven, DataSpec data) {
    return headGiven ? model : fitHead(model, data.open(data.trainSplit()).info());
  }

  /** {@code model} with its head set for {@code info}: output count and softmax/sigmoid. */
  public static ResNetConfig fitHead(ResNetConfig model, DatasetInfo info) {
    return model.toBuilder()
        .classes(info.numLabels())
        .head(info.task() == Task.MULTI_LABEL ? Head.SIGMOID : Head.SOFTMAX)
        .build();
  }
}
