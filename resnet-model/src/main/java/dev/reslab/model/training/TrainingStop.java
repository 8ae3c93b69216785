package dev.reslab.model.training;

import java.util.Objects;

/**
 * Why training ended before its planned last epoch; a listener returns one to stop the run.
 *
 * @param kind what stopped it
 * @param epoch the epoch after which (or during which, for {@link Kind#DIVERGED}) training stopped
 * @param reason one sentence for the user, e.g. "val_loss has not improved for 3 epochs since epoch
 *     4"
 */
public record TrainingStop(Kind kind, int epoch, String reason) {

  /** What stopped a run. */
  public enum Kind {
    /** The selection metric stopped improving (patience ran out): the run is finished. */
    EARLY_STOPPED,
    /** A tuning study gave up on the trial: the run is finished, with fewer epochs. */
    PRUNED,
    /**
     * The loss became NaN or infinite: the run failed and its interrupted epoch is not committed.
     */
    DIVERGED
  }

  public TrainingStop {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reason, "reason");
  }

  /** Whether the run failed (rather than ended on purpose). */
  public boolean failed() {
    return kind == Kind.DIVERGED;
  }
}
