package dev.reslab.model.training;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One epoch's row of {@code metrics.csv}.
 *
 * @param epoch 1-based epoch
 * @param learningRate rate at the epoch's last step
 * @param metrics {@code train_loss}, {@code train_<metric>}, {@code val_loss}, {@code val_<metric>}
 * @param seconds wall time of the epoch (training and validation)
 * @param imagesPerSecond training throughput
 */
public record EpochResult(
    int epoch,
    double learningRate,
    Map<String, Double> metrics,
    double seconds,
    double imagesPerSecond) {

  public EpochResult {
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }

  /** The named value, or NaN when it was not recorded. */
  public double get(String name) {
    return metrics.getOrDefault(name, Double.NaN);
  }
}
