package dev.reslab.analysis.study;

/**
 * Probability mass of the standard normal distribution between two points, accurate to about 1e-16
 * absolute: the error function by its all-positive power series near zero and by its continued
 * fraction in the tails (Java has no erf of its own).
 */
final class NormalMass {
  private static final double SQRT_PI = Math.sqrt(Math.PI);
  private static final double SQRT_2 = Math.sqrt(2);

  private NormalMass() {}

  /** P(a ≤ Z ≤ b) for a standard normal Z. */
  static double between(double a, double b) {
    if (b <= 0) {
      return upperTail(-b, -a);
    }
    if (a > 0) {
      return upperTail(a, b);
    }
    // the middle: one minus both tails, each small and accurate
    return 1 - upper(-a) - upper(b);
  }

  /** P(a ≤ Z ≤ b) for 0 ≤ a ≤ b: a difference of two upper tails, no cancellation of ones. */
  private static double upperTail(double a, double b) {
    return Math.max(0, upper(a) - upper(b));
  }

  /** P(Z > x). */
  static double upper(double x) {
    return 0.5 * erfc(x / SQRT_2);
  }

  /** The complementary error function. */
  static double erfc(double z) {
    if (Double.isNaN(z)) {
      return Double.NaN;
    }
    if (z < 0) {
      return 2 - erfc(-z);
    }
    if (z < 2.5) {
      return 1 - erfSeries(z);
    }
    return erfcContinuedFraction(z);
  }

  /**
   * erf(z) = 2/√π · e^(−z²) · Σ 2ⁿ z^(2n+1) / (1·3·…·(2n+1)): every term positive, so no
   * cancellation.
   */
  private static double erfSeries(double z) {
    double term = z;
    double sum = z;
    double z2 = 2 * z * z;
    for (int n = 1; n < 200 && term > 1e-17 * sum; n++) {
      term *= z2 / (2 * n + 1);
      sum += term;
    }
    return 2 / SQRT_PI * Math.exp(-z * z) * sum;
  }

  /**
   * erfc(z) = e^(−z²)/√π · 1/(z + ½/(z + 1/(z + 3⁄2/(z + …)))), evaluated by the modified Lentz
   * method; converges fast for z ≥ 2.5.
   */
  private static double erfcContinuedFraction(double z) {
    double tiny = 1e-300;
    double f = z;
    double c = z;
    double d = 0;
    for (int n = 1; n < 500; n++) {
      double an = n / 2.0;
      d = z + an * d;
      d = Math.abs(d) < tiny ? tiny : d;
      c = z + an / c;
      c = Math.abs(c) < tiny ? tiny : c;
      d = 1 / d;
      double delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) {
        break;
      }
    }
    return Math.exp(-z * z) / SQRT_PI / f;
  }
}
