package dev.reslab.model.training;

import dev.reslab.model.engine.StepProfile;
import java.util.List;
import java.util.Optional;

/**
 * Hears the trainer's progress and may stop it: the CLI draws progress bars, studies record
 * results, early stopping and tuning's pruner end a run. A trainer takes any number of listeners,
 * so none needs to forward to another.
 */
public interface TrainingListener {

  /**
   * Before epoch {@code epoch} (1-based) of {@code epochs} in all, which takes {@code steps}
   * training steps.
   */
  default void epochStarted(int epoch, int epochs, long steps) {}

  /** After each training step; {@code loss} is the step's mean loss. */
  default void stepFinished(int epoch, long step, double loss, double imagesPerSecond) {}

  /**
   * After each training step: a stop ends training at once and the interrupted epoch is not
   * committed (the divergence guard uses it).
   */
  default Optional<TrainingStop> stopAfterStep(int epoch, long step, double loss) {
    return Optional.empty();
  }

  /** When the epoch's training steps are done and its validation pass begins. */
  default void validationStarted(int epoch) {}

  /**
   * When an epoch's metrics are known, before its checkpoint is committed: a stop ends training
   * after this epoch and is committed with it, so a resumed run knows it is over.
   *
   * @param history every epoch so far, this one last
   * @param bestEpoch the best epoch of {@code history} by the selection metric (-1 when none is
   *     defined yet)
   */
  default Optional<TrainingStop> stopAfterEpoch(List<EpochResult> history, int bestEpoch) {
    return Optional.empty();
  }

  /** After the epoch's checkpoint, metrics and best-epoch pointer are written. */
  default void epochFinished(EpochResult result, boolean best) {}

  /**
   * Whether the trainer should trace step {@code step} (counted from 1 within {@code epoch}) and
   * hand its op timings to {@link #stepTraced}: a benchmark's profile. Tracing slows that step.
   */
  default boolean traceStep(int epoch, long step) {
    return false;
  }

  /** What a step this listener asked to trace executed, and where its time went. */
  default void stepTraced(int epoch, long step, StepProfile profile) {}

  /** A message for the user (resume point, early stop, warnings). */
  default void info(String message) {}

  /** Hears nothing. */
  TrainingListener NONE = new TrainingListener() {};
}
