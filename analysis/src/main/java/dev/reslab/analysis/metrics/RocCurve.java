package dev.reslab.analysis.metrics;

/**
 * Points of a ROC curve from (0, 0) to (1, 1), one per distinct score: point i counts a score as
 * positive when it is at least {@code thresholds[i]} (the first point's threshold is +∞). The
 * trapezoidal area under these points is the exact AUC with ties counted as 1/2.
 */
public record RocCurve(double[] falsePositiveRate, double[] truePositiveRate, double[] thresholds) {

  /** Number of points. */
  public int size() {
    return thresholds.length;
  }

  /** Area under the points by the trapezoidal rule. */
  public double trapezoidalArea() {
    double area = 0;
    for (int i = 1; i < size(); i++) {
      area +=
          (falsePositiveRate[i] - falsePositiveRate[i - 1])
              * (truePositiveRate[i] + truePositiveRate[i - 1])
              / 2;
    }
    return area;
  }
}
