package dev.reslab.analysis.study;

import java.util.List;

/**
 * A metric over repeated runs (one per seed): mean, sample standard deviation and the 95 %
 * t-interval of the mean, {@code mean ± t(0.975, n−1) · sd / √n}. With one value the spread and
 * interval are NaN: nothing says how much a second seed would differ.
 *
 * @param values the values, one per seed
 */
public record SampleSummary(
    List<Double> values, double mean, double sd, double lower, double upper) {

  public static SampleSummary of(List<Double> values) {
    List<Double> v = values.stream().filter(Double::isFinite).toList();
    int n = v.size();
    if (n == 0) {
      return new SampleSummary(v, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double mean = v.stream().mapToDouble(Double::doubleValue).sum() / n;
    if (n == 1) {
      return new SampleSummary(v, mean, Double.NaN, Double.NaN, Double.NaN);
    }
    double ss = 0;
    for (double x : v) {
      ss += (x - mean) * (x - mean);
    }
    double sd = Math.sqrt(ss / (n - 1));
    double half = new StudentT(n - 1).quantile(0.975) * sd / Math.sqrt(n);
    return new SampleSummary(v, mean, sd, mean - half, mean + half);
  }

  public int n() {
    return values.size();
  }
}
