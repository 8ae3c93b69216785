package dev.reslab.model.training;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Stops a run when the selection metric has not improved for {@code patience} epochs (Keras'
 * EarlyStopping).
 */
final class EarlyStopping implements TrainingListener {
  private final int patience;
  private final String metric;

  EarlyStopping(int patience, String metric) {
    this.patience = patience;
    this.metric = metric;
  }

  @Override
  public Optional<TrainingStop> stopAfterEpoch(List<EpochResult> history, int bestEpoch) {
    int last = history.get(history.size() - 1).epoch();
    if (bestEpoch < 1 || last - bestEpoch < patience) {
      return Optional.empty();
    }
    return Optional.of(
        new TrainingStop(
            TrainingStop.Kind.EARLY_STOPPED,
            last,
            String.format(
                Locale.ROOT,
                "stopped early after epoch %d: %s has not improved for %d epoch%s since epoch %d",
                last,
                metric,
                last - bestEpoch,
                last - bestEpoch == 1 ? "" : "s",
                bestEpoch)));
  }
}
