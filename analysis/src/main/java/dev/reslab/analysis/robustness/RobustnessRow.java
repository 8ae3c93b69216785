package dev.reslab.analysis.robustness;

import dev.reslab.analysis.metrics.WilsonInterval;

/**
 * Accuracy on one version of the evaluation data: clean ({@code corruption} "clean", severity 0), a
 * corruption at a table severity 1–5, or at a direct parameter (severity −1).
 *
 * @param parameter the corruption's parameter (0 for clean)
 */
public record RobustnessRow(
    String corruption, int severity, double parameter, long correct, long total) {

  /** The corruption name of the uncorrupted row. */
  public static final String CLEAN = "clean";

  /** Fraction correct; NaN without images. */
  public double accuracy() {
    return total == 0 ? Double.NaN : (double) correct / total;
  }

  /** Wilson 95 % interval of the accuracy. */
  public WilsonInterval interval() {
    return WilsonInterval.of95(correct, total);
  }

  /** Whether this is the clean row. */
  public boolean clean() {
    return CLEAN.equals(corruption);
  }
}
