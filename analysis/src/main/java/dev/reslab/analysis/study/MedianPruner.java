package dev.reslab.analysis.study;

import java.util.ArrayList;
import java.util.List;

/**
 * Median pruning (as in Google Vizier and Optuna): after epoch {@code e} a trial stops when its
 * value is worse than the median of the other trials' values at the same epoch. Nothing is pruned
 * before {@code startupTrials} trials have finished or before epoch {@code warmupEpochs} + 1, nor
 * at the last planned epoch.
 */
public record MedianPruner(int startupTrials, int warmupEpochs) {

  public MedianPruner {
    if (startupTrials < 0 || warmupEpochs < 0) {
      throw new IllegalArgumentException(
          "pruning needs startup trials >= 0 and warm-up epochs >= 0");
    }
  }

  /** Whether a trial at {@code value} after {@code epoch} (of {@code epochs}) should stop. */
  public boolean prune(
      int epoch, int epochs, double value, List<Trial> finished, boolean maximize) {
    if (epoch <= warmupEpochs
        || epoch >= epochs
        || finished.size() < startupTrials
        || Double.isNaN(value)) {
      return false;
    }
    List<Double> others = new ArrayList<>();
    for (Trial t : finished) {
      Double v = t.intermediate().get(epoch);
      if (v != null && !Double.isNaN(v)) {
        others.add(v);
      }
    }
    if (others.isEmpty() || others.size() < startupTrials) {
      return false;
    }
    double median = median(others);
    return maximize ? value < median : value > median;
  }

  static double median(List<Double> values) {
    List<Double> v = new ArrayList<>(values);
    v.sort(null);
    int n = v.size();
    return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
  }
}
