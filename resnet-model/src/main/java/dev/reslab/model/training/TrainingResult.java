package dev.reslab.model.training;

import java.util.List;
import dev.reslab.model.run.RunDirectory;

/**
 * What a finished run produced.
 *
 * @param run       its directory
 * @param epochs    one row per epoch, including epochs of an earlier, resumed part
 * @param bestEpoch the epoch selected by the configured metric
 */
public record TrainingResult(RunDirectory run, List<EpochResult> epochs, int bestEpoch) {

  public EpochResult best() {
    return epochs.stream().filter(e -> e.epoch() == bestEpoch).findFirst().orElseThrow();
  }

  public EpochResult last() {
    return epochs.get(epochs.size() - 1);
  }
}
