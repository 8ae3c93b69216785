package dev.reslab.cli;

import dev.reslab.analysis.runs.TrainingJob;
import dev.reslab.data.DataSpec;
import dev.reslab.interop.weights.WeightSource;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.training.TrainingResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reslab train}: trains a model into a run directory, or resumes one. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train a ResNet on a data set; writes a run directory with a checkpoint per epoch.",
      "With --resume RUN, continue a killed or finished run after its last checkpoint.",
      "With --init SOURCE, start from pretrained weights (the architecture comes from SOURCE unless --preset, "
          + "--config, --depths or --widths is given)."
    })
final class TrainCommand implements Callable<Integer> {

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  static final class Target {
    @Option(names = "--out", paramLabel = "RUN", description = "run directory to create")
    Path out;

    @Option(names = "--resume", paramLabel = "RUN", description = "run directory to continue")
    Path resume;
  }

  @ArgGroup(exclusive = false, heading = "Data:%n")
  DataOptions data;

  @Mixin ModelOptions model;

  @Mixin TrainingOptions training;

  @Mixin InitOptions init;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ProgressListener progress = new ProgressListener(out);
    TrainingResult result;
    if (target.resume != null) {
      if (init.init != null) {
        throw new IllegalArgumentException(
            "--init starts a new run; a resumed run continues from its own " + "checkpoint");
      }
      boolean epochsGiven = spec.commandLine().getParseResult().hasMatchedOption("--epochs");
      result = TrainingJob.resume(target.resume, epochsGiven ? training.epochs : 0, progress);
    } else {
      if (data == null) {
        throw new IllegalArgumentException("--dataset is required (or --resume RUN)");
      }
      InitOptions.Start start = init.start(model, data.toSpec());
      if (start.weights() == null && !training.freeze.equals("none")) {
        spec.commandLine()
            .getErr()
            .println("warning: freezing a randomly initialised backbone (no --init given)");
        spec.commandLine().getErr().flush();
      }
      ResNetConfig config = start.model();
      DataSpec dataSpec = start.data();
      WeightSource weights = start.weights();
      if (weights != null) {
        out.printf(
            "initialised from %s (sha256 %s)%s%n",
            weights.spec(),
            weights.sha256(),
            init.reinit == null ? "" : "; fresh: " + String.join(", ", init.reinit));
      }
      result =
          TrainingJob.train(config, training.toConfig(), dataSpec, target.out, progress, weights);
    }
    out.printf(
        "best epoch %d of %d; run directory %s%n",
        result.bestEpoch(), result.epochs().size(), result.run().root());
    out.flush();
    return 0;
  }
}
