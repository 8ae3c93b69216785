package dev.reslab.cli;

import dev.reslab.analysis.runs.TrainingJob;
import dev.reslab.data.DataSpec;
import dev.reslab.interop.weights.WeightSource;
import dev.reslab.model.resnet.ResNetConfig;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where a training, or every training of a study, starts: pretrained weights ({@code --init}), the
 * layers that start fresh instead ({@code --reinit}), where downloads are kept ({@code --cache}).
 */
final class InitOptions {

  @Option(
      names = "--init",
      paramLabel = "SOURCE",
      description =
          "initial weights: a run directory (its best epoch), RUN/checkpoints/epoch-NNN, a TensorFlow "
              + "checkpoint folder, a PyTorch .pth/.th file (torchvision or He et al. names) or torchvision:resnet18")
  String init;

  @Option(
      names = "--reinit",
      paramLabel = "LAYERS",
      split = ",",
      description = "with --init: layer prefixes that start fresh instead, e.g. fc for a new head")
  List<String> reinit;

  @Option(
      names = "--cache",
      paramLabel = "DIR",
      description =
          "where --init torchvision:NAME keeps downloads (default: ~/.cache/reslab/weights)")
  Path cache;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /**
   * The model and data a training starts with: the weights' architecture unless the model flags
   * chose one, the data normalised (and for CelebA and folders sized) as the weights were trained,
   * the head fitted to the data unless given.
   *
   * @param weights the opened --init source, or null for fresh weights
   */
  record Start(ResNetConfig model, DataSpec data, WeightSource weights) {}

  Start start(ModelOptions model, DataSpec data) {
    if (reinit != null && init == null) {
      throw new IllegalArgumentException(
          "--reinit needs --init SOURCE: without initial weights every layer starts fresh");
    }
    ResNetConfig config = model.toConfig();
    WeightSource weights = null;
    if (init != null) {
      weights =
          WeightSource.open(
                  init,
                  ImportCommand.cacheDir(cache),
                  ImportCommand.downloadProgress(command.commandLine().getErr(), init))
              .reinitialising(reinitialised());
      if (!model.architectureGiven(command.commandLine().getParseResult())) {
        config = weights.architecture(config);
      }
      data = TrainingJob.preparedFor(data, config, weights.trainedData());
    }
    config = TrainingJob.fitHead(config, model.headGiven(), data);
    if (weights != null) {
      check(weights, config);
    }
    return new Start(config, data, weights);
  }

  /** The --reinit prefixes (empty without it). */
  List<String> reinitialised() {
    return reinit == null ? List.of() : reinit;
  }

  /** A head for other classes is the usual mistake: say which flag fixes it. */
  private static void check(WeightSource weights, ResNetConfig config) {
    try {
      weights.check(config);
    } catch (WeightSource.HeadMismatchException e) {
      throw new IllegalArgumentException(
          "the head of "
              + weights.spec()
              + " does not fit the model: "
              + String.join(", ", e.tensors())
              + "; add --reinit fc to train a new head");
    }
  }
}
