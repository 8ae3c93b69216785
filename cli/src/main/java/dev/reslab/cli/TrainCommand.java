package dev.reslab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import dev.reslab.data.DataSpec;
import dev.reslab.analysis.runs.TrainingJob;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.training.TrainingResult;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code reslab train}: trains a model into a run directory, or resumes one. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Train a ResNet on a data set; writes a run directory with a checkpoint per epoch.",
        "With --resume RUN, continue a killed or finished run after its last checkpoint."})
final class TrainCommand implements Callable<Integer> {

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  static final class Target {
    @Option(names = "--out", paramLabel = "RUN", description = "run directory to create") Path out;
    @Option(names = "--resume", paramLabel = "RUN", description = "run directory to continue") Path resume;
  }

  @ArgGroup(exclusive = false, heading = "Data:%n")
  DataOptions data;

  @Mixin
  ModelOptions model;

  @Mixin
  TrainingOptions training;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    ProgressListener progress = new ProgressListener(out);
    TrainingResult result;
    if (target.resume != null) {
      boolean epochsGiven = spec.commandLine().getParseResult().hasMatchedOption("--epochs");
      result = TrainingJob.resume(target.resume, epochsGiven ? training.epochs : 0, progress);
    } else {
      if (data == null) {
        throw new IllegalArgumentException("--dataset is required (or --resume RUN)");
      }
      DataSpec spec = data.toSpec();
      ResNetConfig config = model.toConfig();
      if (!model.headGiven()) {
        config = TrainingJob.fitHead(config, spec.open(spec.trainSplit()).info());
      }
      result = TrainingJob.train(config, training.toConfig(), spec, target.out, progress);
    }
    out.printf("best epoch %d of %d; run directory %s%n", result.bestEpoch(), result.epochs().size(),
        result.run().root());
    out.flush();
    return 0;
  }
}
