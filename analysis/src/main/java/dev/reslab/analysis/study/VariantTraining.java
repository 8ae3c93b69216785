package dev.reslab.analysis.study;

import dev.reslab.analysis.runs.TrainingJob;
import dev.reslab.data.DataSpec;
import dev.reslab.data.DatasetInput;
import dev.reslab.data.ImageDataset;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.run.RunConfig;
import dev.reslab.model.run.RunDirectory;
import dev.reslab.model.training.EpochResult;
import dev.reslab.model.training.Trainer;
import dev.reslab.model.training.TrainingConfig;
import dev.reslab.model.training.TrainingListener;
import dev.reslab.model.training.TrainingResult;
import java.nio.file.Path;
import java.util.List;

/**
 * Trains one run of a study, or continues it: what {@link TrainingJob} does, with the study's
 * seeded subsets.
 */
public final class VariantTraining {
  private VariantTraining() {}

  /** Where a run directory stands. */
  public enum State {
    /** Nothing usable yet: train from scratch. */
    NEW,
    /** Some epochs have checkpoints: continue after the last. */
    PARTIAL,
    /** Every planned epoch is recorded. */
    FINISHED
  }

  /** The state of {@code dir} for a run of {@code epochs} epochs. */
  public static State state(Path dir, int epochs) {
    if (!dir.resolve("config.json").toFile().isFile()) {
      return State.NEW;
    }
    RunDirectory run = RunDirectory.open(dir);
    if (run.lastState().filter(s -> s.stop() != null).isPresent()) {
      return State.FINISHED; // stopped early or pruned: its last epoch is its end
    }
    List<EpochResult> rows = run.readMetrics();
    // metrics are written after each epoch's checkpoint, so a full metrics log means a finished
    // run, even when its
    // checkpoints were deleted later to save space
    if (rows.stream().mapToInt(EpochResult::epoch).max().orElse(0) >= epochs) {
      return State.FINISHED;
    }
    return run.lastEpoch().isPresent() ? State.PARTIAL : State.NEW;
  }

  /**
   * Trains {@code model} into {@code dir}, continuing after its last checkpoint when it has one.
   */
  public static TrainingResult train(
      ResNetConfig model,
      TrainingConfig training,
      StudyData data,
      Path dir,
      TrainingListener... listeners) {
    return train(model, training, data, null, dir, listeners);
  }

  /**
   * As {@link #train(ResNetConfig, TrainingConfig, StudyData, Path, TrainingListener...)}, a new
   * run starting from {@code init}'s weights (null: fresh ones); a resumed run continues from its
   * own checkpoint.
   */
  public static TrainingResult train(
      ResNetConfig model,
      TrainingConfig training,
      StudyData data,
      StudyInit init,
      Path dir,
      TrainingListener... listeners) {
    boolean resume = state(dir, training.epochs()) == State.PARTIAL;
    DataSpec spec = data.spec();
    ImageDataset train = spec.open(spec.trainSplit());
    TrainingJob.checkModelFits(model, train.info());
    Trainer.Builder b =
        Trainer.builder(model, training)
            .trainData(
                DatasetInput.of(
                    train, data.pipelineOptions(true, training.batchSize(), training.seed())))
            .metrics(TrainingJob.metricsFor(train.info()))
            .runDirectory(dir)
            .dataDescription(data.toMap())
            .resume(resume);
    if (init != null && !resume) {
      b.initialWeights(init.open(WEIGHTS_CACHE));
    }
    for (TrainingListener l : listeners) {
      b.listener(l);
    }
    if (spec.validationSplit() != null) {
      b.validationData(
          DatasetInput.of(
              spec.open(spec.validationSplit()),
              data.pipelineOptions(false, training.batchSize(), training.seed())));
    }
    return b.build().run();
  }

  /** Where {@code torchvision:NAME} weights are kept, as {@code train --init} keeps them. */
  static final Path WEIGHTS_CACHE =
      Path.of(System.getProperty("user.home"), ".cache", "reslab", "weights");

  /** Continues the run in {@code dir} from its own {@code config.json}. */
  public static TrainingResult resume(Path dir, TrainingListener... listeners) {
    RunConfig config = RunDirectory.open(dir).readConfig();
    return train(
        config.model(), config.training(), StudyData.fromMap(config.data()), dir, listeners);
  }
}
