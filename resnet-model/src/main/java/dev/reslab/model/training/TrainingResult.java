package dev.reslab.model.training;

import dev.reslab.model.run.RunDirectory;
import java.util.List;
import java.util.Optional;

/**
 * What a finished run produced.
 *
 * @param run its directory
 * @param epochs one row per epoch, including epochs of an earlier, resumed part
 * @param bestEpoch the epoch selected by the configured metric
 * @param stop why training ended before the planned last epoch (early stopping, pruning), or null
 */
public record TrainingResult(
    RunDirectory run, List<EpochResult> epochs, int bestEpoch, TrainingStop stop) {

  public EpochResult best() {
    return epochs.stream().filter(e -> e.epoch() == bestEpoch).findFirst().orElseThrow();
  }

  public EpochResult last() {
    return epochs.get(epochs.size() - 1);
  }

  /** Why the run ended early, if it did. */
  public Optional<TrainingStop> stopped() {
    return Optional.ofNullable(stop);
  }
}
