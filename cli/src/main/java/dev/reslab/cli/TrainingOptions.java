package dev.reslab.cli;

import dev.reslab.model.training.FreezeSpec;
import dev.reslab.model.training.LearningRateSchedule;
import dev.reslab.model.training.OptimizerConfig;
import dev.reslab.model.training.TrainingConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The training flags of {@code train} (and of the studies that train). */
public final class TrainingOptions {

  @Option(
      names = "--epochs",
      paramLabel = "N",
      defaultValue = "10",
      description = "epochs (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(
      names = "--batch-size",
      paramLabel = "B",
      defaultValue = "128",
      description = "examples per step (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(
      names = "--lr",
      paramLabel = "RATE",
      defaultValue = "0.001",
      description = "learning rate (default: ${DEFAULT-VALUE})")
  double learningRate;

  @Option(
      names = "--optimizer",
      paramLabel = "NAME",
      defaultValue = "adam",
      description = "adam or sgd (default: ${DEFAULT-VALUE})")
  String optimizer;

  @Option(
      names = "--momentum",
      paramLabel = "M",
      defaultValue = "0.9",
      description = "SGD momentum (default: 0.9)")
  double momentum;

  @Option(names = "--nesterov", description = "SGD with Nesterov momentum")
  boolean nesterov;

  @Option(
      names = "--weight-decay",
      paramLabel = "WD",
      defaultValue = "0",
      description = "decoupled weight decay on kernels (default: 0)")
  double weightDecay;

  @Option(
      names = "--schedule",
      paramLabel = "NAME",
      defaultValue = "constant",
      description = "learning-rate schedule: constant, step or cosine (default: ${DEFAULT-VALUE})")
  String schedule;

  @Option(
      names = "--step-epochs",
      paramLabel = "N",
      defaultValue = "30",
      description = "step schedule: epochs between decays (default: ${DEFAULT-VALUE})")
  int stepEpochs;

  @Option(
      names = "--gamma",
      paramLabel = "G",
      defaultValue = "0.1",
      description = "step schedule: decay factor (default: ${DEFAULT-VALUE})")
  double gamma;

  @Option(
      names = "--warmup",
      paramLabel = "EPOCHS",
      defaultValue = "0",
      description = "linear warm-up epochs (default: 0)")
  double warmup;

  @Option(
      names = "--label-smoothing",
      paramLabel = "E",
      defaultValue = "0",
      description = "label smoothing (default: 0)")
  float labelSmoothing;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "0",
      description = "run seed: weights, data order and augmentation (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--freeze",
      paramLabel = "LAYERS",
      defaultValue = "none",
      description =
          "backbone (train only fc), or layer prefixes such as conv1,bn1,layer1 (default: none)")
  String freeze;

  @Option(
      names = "--select",
      paramLabel = "METRIC",
      defaultValue = "val_loss",
      description =
          "metric that picks the best epoch, e.g. val_loss, val_accuracy, val_auc_macro (default: "
              + "${DEFAULT-VALUE})")
  String select;

  @Option(
      names = "--keep-last",
      paramLabel = "K",
      defaultValue = "0",
      description = "checkpoints to keep besides the best (default: 0 = all)")
  int keepLast;

  @Option(
      names = "--threads",
      paramLabel = "N",
      defaultValue = "0",
      description = "TensorFlow threads (default: 0 = TensorFlow's choice, the fastest measured)")
  int threads;

  @Option(
      names = "--patience",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "stop after N epochs without a better --select metric; the best epoch is kept (default: 0 = "
              + "train all epochs)")
  int patience;

  @Mixin PrecisionOption precision;

  TrainingConfig toConfig() {
    OptimizerConfig.Type type = OptimizerConfig.Type.parse(optimizer);
    OptimizerConfig opt =
        (type == OptimizerConfig.Type.ADAM
                ? OptimizerConfig.adam(learningRate)
                : OptimizerConfig.sgd(learningRate, momentum, nesterov))
            .withWeightDecay(weightDecay);
    LearningRateSchedule s =
        switch (LearningRateSchedule.Type.parse(schedule)) {
          case CONSTANT -> LearningRateSchedule.constant();
          case STEP -> LearningRateSchedule.step(stepEpochs, gamma);
          case COSINE -> LearningRateSchedule.cosine();
        };
    return TrainingConfig.builder(epochs, batchSize)
        .optimizer(opt)
        .schedule(s.withWarmup(warmup))
        .labelSmoothing(labelSmoothing)
        .seed(seed)
        .freeze(FreezeSpec.parse(freeze))
        .select(select)
        .keepLast(keepLast)
        .threads(threads)
        .patience(patience)
        .precision(precision.value())
        .build();
  }
}
