package dev.reslab.analysis.robustness;

/** The standard normal in closed form, as the reference for noise statistics in tests. */
final class NormalDistribution {

  private NormalDistribution() {}

  static double pdf(double z) {
    return Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
  }

  /** Φ(z) through erf, Abramowitz &amp; Stegun 7.1.26 (absolute error below 1.5e-7). */
  static double cdf(double z) {
    double x = Math.abs(z) / Math.sqrt(2);
    double t = 1 / (1 + 0.3275911 * x);
    double erf =
        1
            - t
                * (0.254829592
                    + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
                * Math.exp(-x * x);
    return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
  }
}
