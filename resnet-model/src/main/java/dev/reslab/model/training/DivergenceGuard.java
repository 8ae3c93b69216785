package dev.reslab.model.training;

import java.util.Optional;

/** Stops a run whose loss became NaN or infinite: nothing after that step means anything. */
final class DivergenceGuard implements TrainingListener {

  @Override
  public Optional<TrainingStop> stopAfterStep(int epoch, long step, double loss) {
    if (Double.isFinite(loss)) {
      return Optional.empty();
    }
    return Optional.of(
        new TrainingStop(
            TrainingStop.Kind.DIVERGED,
            epoch,
            "the loss became " + (float) loss + " at epoch " + epoch + ", step " + step));
  }
}
