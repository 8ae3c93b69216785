package dev.reslab.analysis.study;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The Tree-structured Parzen Estimator (Bergstra et al. 2011), univariate as in Optuna's default:
 * the finished trials are split into the best {@code gamma} fraction and the rest; for each
 * dimension a density l(x) is fitted to the good values and g(x) to the others (Gaussian kernels in
 * log space for rates, smoothed counts for choices), and of {@code candidates} draws from l the one
 * with the largest l(x)/g(x) is taken. The first {@code startup} trials are random.
 */
public record TpeSampler(int startup, int candidates, double gamma) implements Sampler {
  /** The settings reslab's tuning uses unless told otherwise: 4 random trials, 24 candidates. */
  public static final TpeSampler DEFAULTS = new TpeSampler(4, 24, 0.25);

  public TpeSampler {
    if (startup < 1 || candidates < 1 || !(gamma > 0 && gamma < 1)) {
      throw new IllegalArgumentException(
          "TPE needs startup >= 1, candidates >= 1 and 0 < gamma < 1, got "
              + startup
              + ", "
              + candidates
              + ", "
              + gamma);
    }
  }

  @Override
  public String name() {
    return "tpe";
  }

  @Override
  public Map<String, String> sample(
      SearchSpace space, List<Trial> finished, boolean maximize, Random rnd) {
    if (finished.size() < startup) {
      return space.sample(rnd);
    }
    List<Trial> sorted = new ArrayList<>(finished);
    Comparator<Trial> byValue = Comparator.comparingDouble(Trial::value);
    sorted.sort(maximize ? byValue.reversed() : byValue);
    int nGood = Math.max(1, (int) Math.ceil(gamma * sorted.size()));
    List<Trial> good = sorted.subList(0, nGood);
    List<Trial> bad = sorted.subList(nGood, sorted.size());
    Map<String, String> values = new LinkedHashMap<>();
    for (SearchSpace.Param p : space.params()) {
      values.put(
          p.name(),
          p instanceof SearchSpace.LogUniform l
              ? numeric(l, good, bad, rnd)
              : categorical((SearchSpace.Choice) p, good, bad, rnd));
    }
    return values;
  }

  private String numeric(SearchSpace.LogUniform p, List<Trial> good, List<Trial> bad, Random rnd) {
    double lo = Math.log(p.low());
    double hi = Math.log(p.high());
    if (hi == lo) {
      return SearchSpace.LogUniform.text(p.low());
    }
    Parzen l = Parzen.of(logs(p, good), lo, hi);
    Parzen g = Parzen.of(logs(p, bad), lo, hi);
    double bestX = Double.NaN;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < candidates; i++) {
      double x = l.sample(rnd);
      double score = Math.log(l.density(x)) - Math.log(g.density(x));
      if (score > bestScore) {
        bestScore = score;
        bestX = x;
      }
    }
    return SearchSpace.LogUniform.text(Math.exp(bestX));
  }

  private static List<Double> logs(SearchSpace.LogUniform p, List<Trial> trials) {
    List<Double> xs = new ArrayList<>();
    for (Trial t : trials) {
      String v = t.params().get(p.name());
      if (v != null) {
        xs.add(Math.log(Double.parseDouble(v)));
      }
    }
    return xs;
  }

  private String categorical(SearchSpace.Choice p, List<Trial> good, List<Trial> bad, Random rnd) {
    int k = p.values().size();
    double[] l = new double[k];
    double[] g = new double[k];
    // one pseudo-count each: an unseen choice keeps a chance
    Arrays.fill(l, 1);
    Arrays.fill(g, 1);
    for (Trial t : good) {
      int i = p.values().indexOf(t.params().get(p.name()));
      if (i >= 0) {
        l[i]++;
      }
    }
    for (Trial t : bad) {
      int i = p.values().indexOf(t.params().get(p.name()));
      if (i >= 0) {
        g[i]++;
      }
    }
    double lSum = Arrays.stream(l).sum();
    double gSum = Arrays.stream(g).sum();
    int best = 0;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < candidates; c++) {
      double u = rnd.nextDouble() * lSum;
      int i = 0;
      while (i < k - 1 && u >= l[i]) {
        u -= l[i];
        i++;
      }
      double score = Math.log(l[i] / lSum) - Math.log(g[i] / gSum);
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    return p.values().get(best);
  }

  /**
   * A mixture of Gaussians on [lo, hi]: one per observation, with a bandwidth from the distance to
   * its neighbours (clipped as in Optuna), plus a broad prior component centred on the range so an
   * empty or tight set still explores.
   */
  record Parzen(double[] mu, double[] sigma, double lo, double hi) {

    static Parzen of(List<Double> xs, double lo, double hi) {
      List<Double> points = new ArrayList<>(xs);
      points.sort(null);
      int n = points.size();
      double[] mu = new double[n + 1];
      double[] sigma = new double[n + 1];
      double range = hi - lo;
      double minSigma = range / Math.min(100, 1 + n);
      for (int i = 0; i < n; i++) {
        double left = i == 0 ? points.get(i) - lo : points.get(i) - points.get(i - 1);
        double right = i == n - 1 ? hi - points.get(i) : points.get(i + 1) - points.get(i);
        mu[i] = points.get(i);
        sigma[i] = Math.max(minSigma, Math.min(range, Math.max(left, right)));
      }
      mu[n] = (lo + hi) / 2;
      sigma[n] = range;
      return new Parzen(mu, sigma, lo, hi);
    }

    double density(double x) {
      double sum = 0;
      for (int i = 0; i < mu.length; i++) {
        double z = (x - mu[i]) / sigma[i];
        sum += Math.exp(-0.5 * z * z) / (sigma[i] * Math.sqrt(2 * Math.PI));
      }
      return Math.max(sum / mu.length, 1e-300);
    }

    /** A draw from a random component, redrawn until it falls in [lo, hi] (a truncated mixture). */
    double sample(Random rnd) {
      int i = rnd.nextInt(mu.length);
      for (int tries = 0; tries < 100; tries++) {
        double x = mu[i] + sigma[i] * rnd.nextGaussian();
        if (x >= lo && x <= hi) {
          return x;
        }
      }
      return Math.max(lo, Math.min(hi, mu[i]));
    }
  }
}
