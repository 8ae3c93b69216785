package dev.reslab.analysis.runs;

import java.nio.file.Path;
import java.util.function.Supplier;
import dev.reslab.analysis.metrics.MultiClassMetrics;
import dev.reslab.analysis.metrics.MultiLabelMetrics;
import dev.reslab.data.DatasetInfo;
import dev.reslab.data.ImageDataset;
import dev.reslab.data.Task;
import dev.reslab.model.resnet.Head;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.training.MetricsCollector;
import dev.reslab.model.training.RunConfig;
import dev.reslab.model.training.RunDirectory;
import dev.reslab.model.training.Trainer;
import dev.reslab.model.training.TrainingConfig;
import dev.reslab.model.training.TrainingListener;
import dev.reslab.model.training.TrainingResult;

/**
 * Trains a model on a named data set into a run directory, with the metrics of its task (multi-class or
 * multi-label); or resumes such a run from its {@code config.json}.
 */
public final class TrainingJob {
  private TrainingJob() {}

  /** Trains {@code model} on {@code data} into {@code out}. */
  public static TrainingResult train(ResNetConfig model, TrainingConfig training, DataSpec data, Path out,
      TrainingListener listener) {
    return run(model, training, data, out, listener, false);
  }

  /** Continues the run in {@code runDir} after its last complete checkpoint, up to {@code epochs} (0 = as planned). */
  public static TrainingResult resume(Path runDir, int epochs, TrainingListener listener) {
    RunConfig config = RunDirectory.open(runDir).readConfig();
    TrainingConfig training = epochs > 0 ? config.training().withEpochs(epochs) : config.training();
    return run(config.model(), training, DataSpec.fromMap(config.data()), runDir, listener, true);
  }

  private static TrainingResult run(ResNetConfig model, TrainingConfig training, DataSpec data, Path out,
      TrainingListener listener, boolean resume) {
    ImageDataset train = data.open(data.trainSplit());
    train.warnings().forEach(w -> listener.info("warning: " + w));
    checkModelFits(model, train.info());
    Trainer.Builder b = Trainer.builder(model, training)
        .trainData(DataSpec.inputSource(train, data.pipelineOptions(true, training.batchSize(), training.seed())))
        .metrics(metricsFor(train.info()))
        .listener(listener)
        .runDirectory(out)
        .dataDescription(data.describe(train))
        .resume(resume);
    if (data.validationSplit() != null) {
      ImageDataset validation = data.open(data.validationSplit());
      validation.warnings().forEach(w -> listener.info("warning: " + w));
      b.validationData(DataSpec.inputSource(validation,
          data.pipelineOptions(false, training.batchSize(), training.seed())));
    }
    return b.build().run();
  }

  /** The metrics of a data set's task. */
  public static Supplier<MetricsCollector> metricsFor(DatasetInfo info) {
    int k = info.numLabels();
    return info.task() == Task.MULTI_LABEL ? () -> new MultiLabelMetrics(k) : () -> new MultiClassMetrics(k);
  }

  /** The model's head must match the data: as many outputs as classes or labels, sigmoid for multi-label data. */
  public static void checkModelFits(ResNetConfig model, DatasetInfo info) {
    if (model.classes() != info.numLabels()) {
      throw new IllegalArgumentException("the model has " + model.classes() + " outputs but " + info.name() + " has "
          + info.numLabels() + (info.task() == Task.MULTI_LABEL ? " labels" : " classes") + "; set the classes to "
          + info.numLabels());
    }
    Head expected = info.task() == Task.MULTI_LABEL ? Head.SIGMOID : Head.SOFTMAX;
    if (model.head() != expected) {
      throw new IllegalArgumentException("the model's " + model.head() + " head does not fit " + info.name()
          + " (" + (expected == Head.SIGMOID ? "multi-label" : "multi-class") + " data needs a " + expected
          + " head)");
    }
  }

  /** {@code model} with its head set for {@code info}: output count and softmax/sigmoid. */
  public static ResNetConfig fitHead(ResNetConfig model, DatasetInfo info) {
    return model.toBuilder().classes(info.numLabels())
        .head(info.task() == Task.MULTI_LABEL ? Head.SIGMOID : Head.SOFTMAX).build();
  }
}
