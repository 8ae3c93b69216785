package dev.reslab.analysis.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Student's t, t-intervals and Welch's test against closed forms (df 1 is Cauchy, df 2 has an
 * algebraic CDF) and against values from SciPy 1.17 ({@code stats.t.ppf}, {@code
 * stats.ttest_ind(equal_var=False)}), noted beside each.
 */
class StatisticsTest {

  @Test
  void quantilesMatchClosedFormsAndScipy() {
    // df 1: the Cauchy quantile tan(π (p − 1/2))
    assertEquals(Math.tan(Math.PI * 0.475), new StudentT(1).quantile(0.975), 1e-9);
    // df 2: t = (2p − 1) / √(2 p (1 − p))
    assertEquals(0.95 / Math.sqrt(2 * 0.975 * 0.025), new StudentT(2).quantile(0.975), 1e-9);
    assertEquals(2.7764451051977934, new StudentT(4).quantile(0.975), 1e-9); // scipy
    assertEquals(2.262157162798205, new StudentT(9).quantile(0.975), 1e-9); // scipy
    assertEquals(
        2.8675207071911895, new StudentT(3.7).quantile(0.975), 1e-9); // scipy, fractional df
    assertEquals(-new StudentT(4).quantile(0.975), new StudentT(4).quantile(0.025), 1e-12);
  }

  @Test
  void cdfMatchesClosedFormsAndScipy() {
    double t = 1.3;
    assertEquals(0.5 + Math.atan(t) / Math.PI, new StudentT(1).cdf(t), 1e-12);
    assertEquals(0.5 + t / (2 * Math.sqrt(2 + t * t)), new StudentT(2).cdf(t), 1e-12);
    assertEquals(0.868274201764388, new StudentT(4).cdf(t), 1e-12); // scipy
    assertEquals(1 - 0.868274201764388, new StudentT(4).cdf(-t), 1e-12);
    assertEquals(2 * (1 - 0.868274201764388), new StudentT(4).twoSidedP(t), 1e-12);
  }

  @Test
  void badDegreesOfFreedomAreRejected() {
    assertEquals(
        "degrees of freedom must be a positive number, got 0.0",
        assertThrows(IllegalArgumentException.class, () -> new StudentT(0)).getMessage());
  }

  @Test
  void tIntervalOfThreeSeeds() {
    SampleSummary s = SampleSummary.of(List.of(0.61, 0.63, 0.60));
    // by hand: mean 0.61333; squared deviations 0.0000111 + 0.0002778 + 0.0001778 = 0.0004667; sd =
    // √(0.0004667/2)
    assertEquals(0.6133333333333333, s.mean(), 1e-12);
    assertEquals(Math.sqrt(0.00046666666666666666 / 2), s.sd(), 1e-12);
    // half-width t(0.975, 2) · sd / √3 with t(0.975, 2) = 4.302652729749462
    double half = 4.302652729749462 * s.sd() / Math.sqrt(3);
    assertEquals(s.mean() - half, s.lower(), 1e-9);
    assertEquals(0.6512791636693009, s.upper(), 1e-9); // scipy
  }

  @Test
  void oneSeedHasNoSpreadAndNoVerdict() {
    SampleSummary one = SampleSummary.of(List.of(0.5));
    assertEquals(0.5, one.mean());
    assertTrue(Double.isNaN(one.sd()) && Double.isNaN(one.lower()));
    WelchTest w = WelchTest.of(one, SampleSummary.of(List.of(0.4, 0.45)));
    assertEquals(0.5 - 0.425, w.difference(), 1e-12);
    assertTrue(Double.isNaN(w.p()));
    assertEquals("n/a (needs ≥ 2 seeds)", w.verdict());
  }

  @Test
  void welchTestMatchesScipy() {
    SampleSummary a = SampleSummary.of(List.of(0.61, 0.63, 0.60));
    SampleSummary b = SampleSummary.of(List.of(0.55, 0.58, 0.56, 0.52));
    WelchTest w = WelchTest.of(a, b);
    // scipy.stats.ttest_ind(a, b, equal_var=False): statistic 3.9765633881307543, df
    // 4.90642415863827,
    // pvalue 0.010974906423425752
    assertEquals(3.9765633881307543, w.t(), 1e-9);
    assertEquals(4.90642415863827, w.df(), 1e-9);
    assertEquals(0.010974906423425752, w.p(), 1e-9);
    assertTrue(w.significant());
    assertEquals("yes", w.verdict());
  }

  @Test
  void aDifferenceWithinTheNoiseIsNotSignificant() {
    WelchTest w =
        WelchTest.of(
            SampleSummary.of(List.of(0.60, 0.64, 0.58)),
            SampleSummary.of(List.of(0.59, 0.62, 0.57)));
    assertFalse(w.significant());
    assertEquals("no (within seed noise)", w.verdict());
  }
}
