package dev.reslab.analysis.metrics;

/**
 * The Wilson score interval for a binomial proportion (Wilson 1927): unlike the normal
 * approximation it stays inside [0, 1] and keeps close to its nominal coverage for small counts and
 * proportions near 0 or 1, which is what per-class accuracies on a few dozen images look like.
 *
 * @param lower lower bound, {@code NaN} when there were no trials
 * @param upper upper bound, {@code NaN} when there were no trials
 */
public record WilsonInterval(double lower, double upper) {

  /** The two-sided 95 % normal quantile, Φ⁻¹(0.975). */
  public static final double Z_95 = 1.959963984540054;

  /** The 95 % interval for {@code successes} out of {@code trials}. */
  public static WilsonInterval of95(long successes, long trials) {
    return of(successes, trials, Z_95);
  }

  /**
   * The interval for {@code successes} out of {@code trials} at normal quantile {@code z}; both
   * bounds are NaN when {@code trials} is 0 (nothing was measured).
   */
  public static WilsonInterval of(long successes, long trials, double z) {
    if (trials < 0 || successes < 0 || successes > trials) {
      throw new IllegalArgumentException(
          "Wilson interval needs 0 <= successes <= trials, got " + successes + " of " + trials);
    }
    if (!(z > 0) || Double.isInfinite(z)) {
      throw new IllegalArgumentException("Wilson interval needs a positive finite z, got " + z);
    }
    if (trials == 0) {
      return new WilsonInterval(Double.NaN, Double.NaN);
    }
    double n = trials;
    double p = successes / n;
    double z2 = z * z;
    double denominator = 1 + z2 / n;
    double centre = (p + z2 / (2 * n)) / denominator;
    double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
    // Rounding can push a bound a hair past 0 or 1 when successes is 0 or trials.
    return new WilsonInterval(Math.max(0, centre - half), Math.min(1, centre + half));
  }

  /** Whether {@code value} lies within the bounds (inclusive). */
  public boolean contains(double value) {
    return value >= lower && value <= upper;
  }
}
