package dev.reslab.analysis.study;

/**
 * Student's t distribution with {@code df} degrees of freedom (any positive real, as Welch's test
 * needs): the CDF through the regularised incomplete beta function, the quantile by bisection on
 * it.
 */
public record StudentT(double df) {

  public StudentT {
    if (!(df > 0) || Double.isInfinite(df)) {
      throw new IllegalArgumentException("degrees of freedom must be a positive number, got " + df);
    }
  }

  /** P(T ≤ t). */
  public double cdf(double t) {
    if (Double.isNaN(t)) {
      return Double.NaN;
    }
    double x = df / (df + t * t);
    double tail = 0.5 * IncompleteBeta.regularized(x, df / 2, 0.5);
    return t >= 0 ? 1 - tail : tail;
  }

  /** Two-sided p-value of an observed statistic: P(|T| ≥ |t|). */
  public double twoSidedP(double t) {
    if (Double.isNaN(t)) {
      return Double.NaN;
    }
    double x = df / (df + t * t);
    return Math.min(1, IncompleteBeta.regularized(x, df / 2, 0.5));
  }

  /** The t with P(T ≤ t) = p, for {@code 0 < p < 1}. */
  public double quantile(double p) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("a quantile needs 0 < p < 1, got " + p);
    }
    if (p < 0.5) {
      return -quantile(1 - p);
    }
    double lo = 0;
    double hi = 1;
    while (cdf(hi) < p) {
      hi *= 2;
    }
    // 200 halvings take any bracket below double precision
    for (int i = 0; i < 200 && hi - lo > 1e-13 * Math.max(1, hi); i++) {
      double mid = (lo + hi) / 2;
      if (cdf(mid) < p) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return (lo + hi) / 2;
  }

  /**
   * The regularised incomplete beta function I_x(a, b), by Lentz's continued fraction (Numerical
   * Recipes 6.4).
   */
  static final class IncompleteBeta {
    private IncompleteBeta() {}

    static double regularized(double x, double a, double b) {
      if (x <= 0) {
        return 0;
      }
      if (x >= 1) {
        return 1;
      }
      double front =
          Math.exp(
              logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
      // the fraction converges fast on this side of the mean; use the symmetry I_x(a,b) = 1 -
      // I_{1-x}(b,a) otherwise
      if (x < (a + 1) / (a + b + 2)) {
        return front * fraction(x, a, b) / a;
      }
      return 1 - front * fraction(1 - x, b, a) / b;
    }

    private static double fraction(double x, double a, double b) {
      double tiny = 1e-300;
      double c = 1;
      double d = 1 - (a + b) * x / (a + 1);
      d = Math.abs(d) < tiny ? tiny : d;
      d = 1 / d;
      double h = d;
      for (int m = 1; m <= 10_000; m++) {
        int m2 = 2 * m;
        double num = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
        d = 1 + num * d;
        d = Math.abs(d) < tiny ? tiny : d;
        c = 1 + num / c;
        c = Math.abs(c) < tiny ? tiny : c;
        d = 1 / d;
        h *= d * c;
        num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
        d = 1 + num * d;
        d = Math.abs(d) < tiny ? tiny : d;
        c = 1 + num / c;
        c = Math.abs(c) < tiny ? tiny : c;
        d = 1 / d;
        double delta = d * c;
        h *= delta;
        if (Math.abs(delta - 1) < 1e-15) {
          break;
        }
      }
      return h;
    }

    /** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; about 15 digits). */
    static double logGamma(double x) {
      double[] g = {
        0.99999999999980993,
        676.5203681218851,
        -1259.1392167224028,
        771.32342877765313,
        -176.61502916214059,
        12.507343278686905,
        -0.13857109526572012,
        9.9843695780195716e-6,
        1.5056327351493116e-7
      };
      if (x < 0.5) {
        return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
      }
      x -= 1;
      double sum = g[0];
      double t = x + 7.5;
      for (int i = 1; i < 9; i++) {
        sum += g[i] / (x + i);
      }
      return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
    }
  }
}
