package dev.reslab.analysis.metrics;

import java.util.Arrays;

/**
 * Exact ROC analysis of one binary label. The AUC is the Mann–Whitney statistic: the fraction of
 * (positive, negative) pairs in which the positive scores higher, a tie counting 1/2 — no binning,
 * no interpolation. Both scores lists are sorted and merged, O(n log n), with counts kept in
 * integers so the result is exact up to the final division.
 */
public final class Roc {

  private final double[] positives;
  private final double[] negatives;

  private Roc(double[] positives, double[] negatives) {
    this.positives = positives;
    this.negatives = negatives;
  }

  /**
   * ROC analysis of {@code scores} with ground truth {@code positive} (same length, scores finite).
   */
  public static Roc of(double[] scores, boolean[] positive) {
    if (scores.length != positive.length) {
      throw new IllegalArgumentException(
          "got " + scores.length + " scores but " + positive.length + " labels; they must pair up");
    }
    int p = 0;
    for (boolean b : positive) {
      p += b ? 1 : 0;
    }
    double[] pos = new double[p];
    double[] neg = new double[scores.length - p];
    int ip = 0;
    int in = 0;
    for (int i = 0; i < scores.length; i++) {
      if (Double.isNaN(scores[i])) {
        throw new IllegalArgumentException("score " + i + " is NaN");
      }
      double s = scores[i] + 0.0; // turns -0.0 into 0.0 so that sorting and comparing agree
      if (positive[i]) {
        pos[ip++] = s;
      } else {
        neg[in++] = s;
      }
    }
    Arrays.sort(pos);
    Arrays.sort(neg);
    return new Roc(pos, neg);
  }

  public int positives() {
    return positives.length;
  }

  public int negatives() {
    return negatives.length;
  }

  /** Whether the AUC exists: at least one positive and one negative. */
  public boolean defined() {
    return positives.length > 0 && negatives.length > 0;
  }

  /** The exact AUC, ties counted 1/2; NaN when there are no positives or no negatives. */
  public double auc() {
    if (!defined()) {
      return Double.NaN;
    }
    long twiceWins = 0; // 2 per won pair, 1 per tie
    int below = 0; // negatives strictly below the current positive score
    int i = 0;
    while (i < positives.length) {
      double v = positives[i];
      int same = 0;
      while (i < positives.length && positives[i] == v) {
        same++;
        i++;
      }
      while (below < negatives.length && negatives[below] < v) {
        below++;
      }
      int equal = 0;
      while (below + equal < negatives.length && negatives[below + equal] == v) {
        equal++;
      }
      twiceWins += (long) same * (2L * below + equal);
    }
    return twiceWins / (2.0 * positives.length * negatives.length);
  }

  /**
   * The ROC curve, one point per distinct score from the highest down, after a first point (0, 0)
   * at threshold +∞.
   *
   * @throws IllegalStateException when the label has no positives or no negatives
   */
  public RocCurve curve() {
    if (!defined()) {
      throw new IllegalStateException(
          "ROC curve is undefined with "
              + positives.length
              + " positives and "
              + negatives.length
              + " negatives");
    }
    int capacity = positives.length + negatives.length + 1;
    double[] fpr = new double[capacity];
    double[] tpr = new double[capacity];
    double[] thresholds = new double[capacity];
    thresholds[0] = Double.POSITIVE_INFINITY;
    int points = 1;
    int ip = positives.length - 1;
    int in = negatives.length - 1;
    long tp = 0;
    long fp = 0;
    while (ip >= 0 || in >= 0) {
      double v =
          Math.max(
              ip >= 0 ? positives[ip] : Double.NEGATIVE_INFINITY,
              in >= 0 ? negatives[in] : Double.NEGATIVE_INFINITY);
      while (ip >= 0 && positives[ip] == v) {
        tp++;
        ip--;
      }
      while (in >= 0 && negatives[in] == v) {
        fp++;
        in--;
      }
      fpr[points] = (double) fp / negatives.length;
      tpr[points] = (double) tp / positives.length;
      thresholds[points] = v;
      points++;
    }
    return new RocCurve(
        Arrays.copyOf(fpr, points), Arrays.copyOf(tpr, points), Arrays.copyOf(thresholds, points));
  }
}
