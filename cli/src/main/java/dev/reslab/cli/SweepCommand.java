package dev.reslab.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import dev.reslab.data.DataSpec;
import dev.reslab.analysis.study.Sweep;
import dev.reslab.model.resnet.ResNetConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reslab sweep}: width factors and depths per stage, alone or as a grid. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = {"Width/depth sweep: train the model at several width factors and blocks per stage (one axis at a "
        + "time, or every combination with --grid); chart accuracy against width, depth and parameters.",
        "Widths are relative to --width-factor: --width-factor 0.25 --sweep-widths 0.875,1,1.125 trains 0.21875, "
            + "0.25, 0.28125.",
        "Example: reslab sweep --dataset cifar10-jpeg --width-factor 0.25 --epochs 1 --limit-train 2000 "
            + "--limit-val 1000 --out studies/sweep"})
final class SweepCommand implements Callable<Integer> {

  @Option(names = "--sweep-widths", paramLabel = "F,F,..", defaultValue = "0.875,1,1.125",
      description = "width factors relative to --width-factor, or 'none' (default: ${DEFAULT-VALUE})")
  String widths;

  @Option(names = "--sweep-depths", paramLabel = "D,D,..", defaultValue = "1,2,3",
      description = "blocks in every stage, or 'none' (default: ${DEFAULT-VALUE})")
  String depths;

  @Option(names = "--grid", description = "every width with every depth, rather than one axis at a time")
  boolean grid;

  @ArgGroup(exclusive = false, multiplicity = "1", heading = "Data:%n")
  DataOptions data;

  @Mixin
  ModelOptions model;

  @Mixin
  TrainingOptions training;

  @Mixin
  StudyOptions study;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    DataSpec dataSpec = data.toSpec();
    ResNetConfig base = StudyOptions.base(model, dataSpec);
    return study.run("sweep", Sweep.variants(base, parse(widths, "--sweep-widths", Double::parseDouble),
            parse(depths, "--sweep-depths", Integer::parseInt), grid), training.toConfig(), dataSpec,
        spec.commandLine().getOut());
  }

  private static <T> List<T> parse(String text, String flag, java.util.function.Function<String, T> parser) {
    List<T> values = new ArrayList<>();
    if (text.isBlank() || text.trim().equalsIgnoreCase("none")) {
      return values;
    }
    for (String part : text.split(",")) {
      try {
        values.add(parser.apply(part.trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(flag + " takes numbers separated by commas, got '" + part.trim() + "'");
      }
    }
    return values;
  }
}
