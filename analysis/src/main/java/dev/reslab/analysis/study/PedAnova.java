package dev.reslab.analysis.study;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hyperparameter importance by PED-ANOVA (Watanabe, Bansal &amp; Hutter, IJCAI 2023), the default
 * of {@code optuna.importance.get_param_importances} since Optuna 5, with Optuna's settings: how
 * much a parameter's distribution among the top 10 % of complete trials differs from its
 * distribution among all complete trials (Pearson divergence of two Parzen estimators on a grid of
 * 50 points, log scale for log-scaled parameters, one cell per choice for categorical ones),
 * normalised so the importances sum to one. Deterministic: the same trials give Optuna's numbers.
 *
 * <p>Only complete trials with a value count (pruned ones stopped early, at another epoch).
 */
public final class PedAnova {
  /** The top fraction of trials whose parameters are compared with all trials' (Optuna's γ'). */
  public static final double TARGET_QUANTILE = 0.1;

  private static final int GRID = 50;
  private static final double PRIOR_WEIGHT = 1.0;
  private static final int MIN_TRIALS_IN_REGIME = 2;

  private PedAnova() {}

  /** The complete trials importances are computed from. */
  public static List<Trial> complete(List<Trial> trials) {
    return trials.stream()
        .filter(t -> t.state() == Trial.State.COMPLETE && Double.isFinite(t.value()))
        .toList();
  }

  /**
   * Importance of each parameter of {@code space}, most important first, summing to one (equal
   * shares when no parameter stands out or fewer than two trials are complete, as in Optuna).
   */
  public static Map<String, Double> importances(
      SearchSpace space, List<Trial> trials, boolean maximize) {
    List<Trial> region = complete(trials);
    Map<String, Double> raw = new LinkedHashMap<>();
    space.params().forEach(p -> raw.put(p.name(), 0.0));
    if (region.size() > 1) {
      List<Trial> target = top(region, maximize);
      double quantile = (double) target.size() / region.size();
      for (SearchSpace.Param p : space.params()) {
        List<Trial> regime = region.stream().filter(t -> t.params().containsKey(p.name())).toList();
        if (regime.size() < MIN_TRIALS_IN_REGIME || single(p)) {
          continue;
        }
        List<Trial> targetRegime = target.stream().filter(regime::contains).toList();
        if (targetRegime.isEmpty()) {
          continue;
        }
        double alpha = (double) targetRegime.size() / target.size();
        double beta = (double) regime.size() / region.size();
        raw.put(
            p.name(),
            alpha * alpha / beta * divergence(p, targetRegime, regime) * quantile * quantile);
      }
    }
    double sum = raw.values().stream().mapToDouble(Double::doubleValue).sum();
    Map<String, Double> normalised = new LinkedHashMap<>();
    List<String> order = new ArrayList<>(raw.keySet());
    order.sort(Comparator.comparingDouble((String k) -> raw.get(k)).reversed());
    for (String k : order) {
      normalised.put(k, sum == 0 ? 1.0 / raw.size() : raw.get(k) / sum);
    }
    return normalised;
  }

  /**
   * The best {@link #TARGET_QUANTILE} of trials, ties at the cut-off included (Optuna's quantile
   * filter).
   */
  public static List<Trial> top(List<Trial> trials, boolean maximize) {
    double sign = maximize ? -1 : 1;
    double[] loss = trials.stream().mapToDouble(t -> sign * t.value()).toArray();
    double[] sorted = loss.clone();
    Arrays.sort(sorted);
    int cutoffIndex = (int) Math.ceil(TARGET_QUANTILE * loss.length) - 1;
    double cutoff = sorted[cutoffIndex];
    List<Trial> top = new ArrayList<>();
    for (int i = 0; i < loss.length; i++) {
      if (loss[i] <= cutoff) {
        top.add(trials.get(i));
      }
    }
    return top;
  }

  private static boolean single(SearchSpace.Param p) {
    return p instanceof SearchSpace.Choice c
        ? c.values().size() == 1
        : ((SearchSpace.LogUniform) p).low() == ((SearchSpace.LogUniform) p).high();
  }

  /**
   * Pearson divergence of the parameter's density among {@code target} from that in {@code region}.
   */
  private static double divergence(SearchSpace.Param p, List<Trial> target, List<Trial> region) {
    double[] top = density(p, target);
    double[] all = density(p, region);
    double d = 0;
    for (int i = 0; i < top.length; i++) {
      double t = top[i] + 1e-12;
      double a = all[i] + 1e-12;
      d += a * (t / a - 1) * (t / a - 1);
    }
    return d;
  }

  /** A Parzen estimator of the trials' values on the grid, with a flat prior kernel. */
  private static double[] density(SearchSpace.Param p, List<Trial> trials) {
    if (p instanceof SearchSpace.Choice c) {
      int[] counts = new int[c.values().size()];
      for (Trial t : trials) {
        counts[c.values().indexOf(t.params().get(p.name()))]++;
      }
      return categorical(counts);
    }
    SearchSpace.LogUniform l = (SearchSpace.LogUniform) p;
    double low = Math.log(l.low());
    double step = (Math.log(l.high()) - low) / (GRID - 1);
    int[] counts = new int[GRID];
    for (Trial t : trials) {
      double v = Math.log(Double.parseDouble(t.params().get(p.name())));
      // midpoint ties go to the lower cell, as in Optuna
      int i = (int) Math.ceil((v - low) / step - 0.5);
      counts[Math.max(0, Math.min(GRID - 1, i))]++;
    }
    return numerical(counts);
  }

  /** One kernel per observed choice (its count as weight) plus a uniform prior kernel. */
  private static double[] categorical(int[] counts) {
    int choices = counts.length;
    int observed = (int) Arrays.stream(counts).filter(n -> n > 0).count();
    int total = Arrays.stream(counts).sum();
    int kernels = observed + 1;
    double weightSum = total + PRIOR_WEIGHT;
    double prior = PRIOR_WEIGHT / kernels;
    double rowSum = choices * prior + 1;
    double[] pdf = new double[choices];
    for (int x = 0; x < choices; x++) {
      double sum = PRIOR_WEIGHT / weightSum * (1.0 / choices);
      for (int k = 0; k < choices; k++) {
        if (counts[k] > 0) {
          sum += counts[k] / weightSum * (prior + (k == x ? 1 : 0)) / rowSum;
        }
      }
      pdf[x] = sum;
    }
    return pdf;
  }

  /**
   * Discretised truncated normal kernels on grid cells 0..49 at the observed cells, their width by
   * Scott's rule, plus a wide prior kernel at the centre.
   */
  private static double[] numerical(int[] counts) {
    List<Integer> cells = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0) {
        cells.add(i);
      }
    }
    int n = cells.size();
    long[] cumulative = new long[n];
    long weightSum = 0;
    double mean = 0;
    for (int i = 0; i < n; i++) {
      weightSum += counts[cells.get(i)];
      cumulative[i] = weightSum;
      mean += (double) cells.get(i) * counts[cells.get(i)];
    }
    mean /= weightSum;
    double squares = 0;
    for (int c : cells) {
      squares += (c - mean) * (c - mean) * counts[c];
    }
    double sigma = Math.sqrt(squares / Math.max(1, weightSum - 1));
    int q1 = firstAtLeast(cumulative, weightSum / 4);
    int q3 = firstAbove(cumulative, weightSum * 3 / 4);
    double iqr = cells.get(Math.min(n - 1, q3)) - cells.get(q1);
    sigma = 1.059 * Math.min(iqr / 1.34, sigma) * Math.pow(weightSum, -0.2);
    sigma = Math.max(sigma, 0.5 / 1.64);
    double low = 0;
    double high = counts.length - 1;
    double total = weightSum + PRIOR_WEIGHT;
    double[] pdf = new double[counts.length];
    for (int x = 0; x < counts.length; x++) {
      double sum = PRIOR_WEIGHT / total * cellMass(x, (low + high) / 2, high - low + 1, low, high);
      for (int c : cells) {
        sum += counts[c] / total * cellMass(x, c, sigma, low, high);
      }
      pdf[x] = sum;
    }
    return pdf;
  }

  /** Mass of cell x under a normal(mu, sigma) truncated to [low − ½, high + ½]. */
  private static double cellMass(int x, double mu, double sigma, double low, double high) {
    return NormalMass.between((x - 0.5 - mu) / sigma, (x + 0.5 - mu) / sigma)
        / NormalMass.between((low - 0.5 - mu) / sigma, (high + 0.5 - mu) / sigma);
  }

  /** numpy's searchsorted(side="left"): the first index whose value is ≥ v. */
  private static int firstAtLeast(long[] sorted, long v) {
    int i = 0;
    while (i < sorted.length && sorted[i] < v) {
      i++;
    }
    return i;
  }

  /** numpy's searchsorted(side="right"): the first index whose value is &gt; v. */
  private static int firstAbove(long[] sorted, long v) {
    int i = 0;
    while (i < sorted.length && sorted[i] <= v) {
      i++;
    }
    return i;
  }
}
