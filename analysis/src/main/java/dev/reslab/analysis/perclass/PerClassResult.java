package dev.reslab.analysis.perclass;

import dev.reslab.analysis.metrics.ConfusionMatrix;
import java.util.List;

/**
 * What a per-class evaluation found.
 *
 * @param confusion counts of (true, predicted)
 * @param misclassified the first misclassified images, in data order (at most the gallery size
 *     asked for)
 * @param misclassifiedTotal all misclassified images
 */
public record PerClassResult(
    ConfusionMatrix confusion, List<Misclassified> misclassified, long misclassifiedTotal) {

  public PerClassResult {
    misclassified = List.copyOf(misclassified);
  }
}
