package dev.reslab.cli;

import dev.reslab.analysis.study.Sweep;
import dev.reslab.analysis.study.Variant;
import dev.reslab.model.resnet.ResNetConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code reslab sweep}: width factors and depths per stage, or training hyperparameters, as one
 * study.
 */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    description = {
      "Width/depth sweep: train the model at several width factors and blocks per stage (one axis at a "
          + "time, or every combination with --grid); chart accuracy against width, depth and parameters.",
      "Training sweep (--lrs, --batch-sizes, --optimizers): train the same model with every combination; the "
          + "report overlays every variant's per-epoch curves, one figure per metric, gives each variant's "
          + "per-epoch table and best epoch, and marks where validation loss turns upward.",
      "Widths are relative to --width-factor: --width-factor 0.25 --sweep-widths 0.875,1,1.125 trains 0.21875, "
          + "0.25, 0.28125.",
      "Example: reslab sweep --dataset cifar10-jpeg --width-factor 0.25 --epochs 1 --limit-train 2000 "
          + "--limit-val 1000 --out studies/sweep",
      "Example: reslab sweep --dataset celeba --lrs 0.01,0.001 --batch-sizes 16,32,64 --epochs 15 "
          + "--out studies/celeba-hparams"
    })
final class SweepCommand implements Callable<Integer> {

  @Option(
      names = "--sweep-widths",
      paramLabel = "F,F,..",
      description =
          "width factors relative to --width-factor, or 'none' (default: 0.875,1,1.125 unless the training "
              + "is swept)")
  String widths;

  @Option(
      names = "--sweep-depths",
      paramLabel = "D,D,..",
      description =
          "blocks in every stage, or 'none' (default: 1,2,3 unless the training is swept)")
  String depths;

  @Option(
      names = "--lrs",
      paramLabel = "RATE,..",
      description = "learning rates to train with (a training sweep)")
  String lrs;

  @Option(
      names = "--batch-sizes",
      paramLabel = "B,..",
      description = "batch sizes to train with (a training sweep)")
  String batchSizes;

  @Option(
      names = "--optimizers",
      paramLabel = "NAME,..",
      description =
          "optimizers to train with, adam and/or sgd (a training sweep; SGD uses momentum 0.9)")
  String optimizers;

  @Option(
      names = "--grid",
      description = "every width with every depth, rather than one axis at a time")
  boolean grid;

  @ArgGroup(exclusive = false, multiplicity = "1", heading = "Data:%n")
  DataOptions data;

  @Mixin ModelOptions model;

  @Mixin TrainingOptions training;

  @Mixin StudyOptions study;

  @Mixin InitOptions init;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    InitOptions.Start start = init.start(model, data.toSpec());
    ResNetConfig base = start.model();
    boolean trainingSweep = lrs != null || batchSizes != null || optimizers != null;
    if (trainingSweep && (widths != null || depths != null || grid)) {
      throw new IllegalArgumentException(
          "a sweep varies the model (--sweep-widths, --sweep-depths, --grid) or the "
              + "training (--lrs, --batch-sizes, --optimizers), not both");
    }
    refuseSweptSettings();
    List<Variant> variants =
        trainingSweep
            ? Sweep.trainings(
                base,
                parse(lrs, "--lrs", Double::parseDouble),
                parse(batchSizes, "--batch-sizes", Integer::parseInt),
                parse(optimizers, "--optimizers", s -> s))
            : Sweep.variants(
                base,
                parse(
                    widths == null ? "0.875,1,1.125" : widths,
                    "--sweep-widths",
                    Double::parseDouble),
                parse(depths == null ? "1,2,3" : depths, "--sweep-depths", Integer::parseInt),
                grid);
    return study.run(
        "sweep", variants, training.toConfig(), start, init, spec.commandLine().getOut());
  }

  private static <T> List<T> parse(String text, String flag, Function<String, T> parser) {
    List<T> values = new ArrayList<>();
    if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("none")) {
      return values;
    }
    for (String part : text.split(",")) {
      try {
        values.add(parser.apply(part.trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            flag + " takes numbers separated by commas, got '" + part.trim() + "'");
      }
    }
    return values;
  }

  /** A setting that the sweep varies would be overridden in every training: refuse it. */
  private void refuseSweptSettings() {
    var parsed = spec.commandLine().getParseResult();
    String[][] pairs = {
      {"--lr", "--lrs", lrs},
      {"--batch-size", "--batch-sizes", batchSizes},
      {"--optimizer", "--optimizers", optimizers}
    };
    for (String[] p : pairs) {
      if (p[2] != null && parsed.hasMatchedOption(p[0])) {
        throw new IllegalArgumentException(
            p[0] + " would be ignored: the sweep trains with each of " + p[1] + " " + p[2]);
      }
    }
  }
}
