package dev.reslab.cli;

import dev.reslab.analysis.runs.TrainingJob;
import dev.reslab.data.DataSpec;
import dev.reslab.interop.weights.WeightSource;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.run.RunConfig;
import dev.reslab.model.run.RunDirectory;
import dev.reslab.model.training.TrainingResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reslab train}: trains a model into a run directory, or resumes one. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train a ResNet on a data set; writes a run directory with a checkpoint per epoch.",
      "With --resume RUN, continue a killed or finished run after its last checkpoint, with the settings it "
          + "recorded: only --epochs (more in all) and --dataset NAME --data DIR (its data set, moved) may be given.",
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
      refuseSettingsOnResume();
      boolean epochsGiven = spec.commandLine().getParseResult().hasMatchedOption("--epochs");
      result =
          TrainingJob.resume(
              target.resume, epochsGiven ? training.epochs : 0, resumedData(), progress);
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

  /** What a resume may be told: how many epochs in all, and where its data set is now. */
  private static final Set<String> RESUME_OPTIONS =
      Set.of("--resume", "--epochs", "--dataset", "--data", "--verbose");

  /**
   * A resumed run continues with the settings it recorded, so it equals an uninterrupted one; a
   * setting given anyway would be ignored without a word.
   */
  private void refuseSettingsOnResume() {
    List<String> ignored =
        spec.commandLine().getParseResult().matchedOptions().stream()
            .map(OptionSpec::longestName)
            .filter(name -> !RESUME_OPTIONS.contains(name))
            .distinct()
            .toList();
    if (!ignored.isEmpty()) {
      throw new IllegalArgumentException(
          String.join(", ", ignored)
              + (ignored.size() == 1 ? " does" : " do")
              + " not apply to --resume: "
              + target.resume
              + " continues with the settings it recorded (only --epochs, and --dataset with"
              + " --data for a data set that moved, may be given); to train on with other settings,"
              + " start a new run from its weights with --init "
              + target.resume
              + " --out NEW");
    }
  }

  /**
   * The resumed run's data: as recorded, or in the folder {@code --data} names (its data set must
   * be the recorded one). A recorded folder that is gone stops here, saying what to give.
   */
  private DataSpec resumedData() {
    RunConfig config = RunDirectory.open(target.resume).readConfig();
    if (config.training() == null) {
      return null; // imported weights: TrainingJob says there is nothing to resume
    }
    Map<String, Object> recorded = config.data();
    Path given = null;
    if (data != null) {
      if (!data.dataset.equals(recorded.get("dataset"))) {
        throw new IllegalArgumentException(
            target.resume
                + " trained on "
                + recorded.get("dataset")
                + " and resumes on it; --dataset "
                + data.dataset
                + " would change the data mid-run");
      }
      given = data.data == null ? null : data.data.toAbsolutePath().normalize();
    }
    return DataSetOptions.recordedSpec(target.resume, recorded, given);
  }
}
