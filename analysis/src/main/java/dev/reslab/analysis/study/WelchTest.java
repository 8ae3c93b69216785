package dev.reslab.analysis.study;

/**
 * Welch's two-sample t-test (unequal variances): whether two sets of seeds differ by more than
 * their seed-to-seed spread explains.
 *
 * @param difference mean of {@code a} minus mean of {@code b}
 * @param t the statistic {@code difference / √(sa²/na + sb²/nb)}
 * @param df Welch–Satterthwaite degrees of freedom
 * @param p two-sided p-value; NaN when either side has fewer than two values
 */
public record WelchTest(double difference, double t, double df, double p) {

  /** The test of {@code a} against {@code b}. */
  public static WelchTest of(SampleSummary a, SampleSummary b) {
    double difference = a.mean() - b.mean();
    if (a.n() < 2 || b.n() < 2) {
      return new WelchTest(difference, Double.NaN, Double.NaN, Double.NaN);
    }
    double va = a.sd() * a.sd() / a.n();
    double vb = b.sd() * b.sd() / b.n();
    double se2 = va + vb;
    if (se2 == 0) {
      // identical values on both sides: any difference is exact, none is no difference at all
      return new WelchTest(
          difference,
          difference == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, difference),
          a.n() + b.n() - 2,
          difference == 0 ? 1 : 0);
    }
    double t = difference / Math.sqrt(se2);
    double df = se2 * se2 / (va * va / (a.n() - 1) + vb * vb / (b.n() - 1));
    return new WelchTest(difference, t, df, new StudentT(df).twoSidedP(t));
  }

  /** Whether the difference is larger than seed-to-seed noise at the 5 % level. */
  public boolean significant() {
    return p < 0.05;
  }

  /**
   * One word for tables: {@code yes}, {@code no}, or {@code n/a} when there are too few seeds to
   * tell.
   */
  public String verdict() {
    return Double.isNaN(p)
        ? "n/a (needs ≥ 2 seeds)"
        : significant() ? "yes" : "no (within seed noise)";
  }
}
