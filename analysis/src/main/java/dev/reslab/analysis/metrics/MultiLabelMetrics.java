package dev.reslab.analysis.metrics;

import dev.reslab.model.training.MetricsCollector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metrics of independent sigmoid labels (e.g. the 40 CelebA attributes). A probability above the
 * threshold (default 0.5, strictly above as Keras' {@code BinaryAccuracy}) predicts the label.
 *
 * <p>Result keys: {@code accuracy} (mean over labels of the per-label accuracy, which is the
 * fraction of correct label decisions), {@code precision_micro}, {@code recall_micro}, {@code
 * f1_micro} (from counts summed over labels), {@code precision_macro}, {@code recall_macro}, {@code
 * f1_macro} (unweighted means of per-label values, a 0/0 counted as 0 as scikit-learn does), {@code
 * auc_macro} (mean exact ROC AUC over the labels where it is defined; NaN when no label has it) and
 * {@code auc_undefined_labels} (how many labels have no positives or no negatives and so no AUC).
 *
 * <p>The AUC needs every score: the collector keeps all probabilities since the last reset (4 bytes
 * per value plus 1 for the label; 160,000 CelebA images × 40 attributes ≈ 32 MB).
 *
 * <p>Not thread-safe: one collector per split, fed from one thread.
 */
public final class MultiLabelMetrics implements MetricsCollector {

  private final int labels;
  private final double threshold;
  private final long[] tp;
  private final long[] fp;
  private final long[] fn;
  private final long[] tn;
  private float[] scores = new float[0];
  private byte[] truth = new byte[0];
  private int rows;
  private Roc[] rocs; // built lazily, dropped by update and reset

  /** For {@code labels} labels at threshold 0.5. */
  public MultiLabelMetrics(int labels) {
    this(labels, 0.5);
  }

  /** For {@code labels} labels at {@code threshold} (a probability in [0, 1]). */
  public MultiLabelMetrics(int labels, double threshold) {
    if (labels < 1) {
      throw new IllegalArgumentException("number of labels must be at least 1, got " + labels);
    }
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException(
          "threshold must be a probability in [0, 1], got " + threshold);
    }
    this.labels = labels;
    this.threshold = threshold;
    this.tp = new long[labels];
    this.fp = new long[labels];
    this.fn = new long[labels];
    this.tn = new long[labels];
  }

  @Override
  public void reset() {
    Arrays.fill(tp, 0);
    Arrays.fill(fp, 0);
    Arrays.fill(fn, 0);
    Arrays.fill(tn, 0);
    scores = new float[0];
    truth = new byte[0];
    rows = 0;
    rocs = null;
  }

  @Override
  public void update(float[] probabilities, float[] labelValues, int batch, int outputs) {
    PredictionBatch.check(probabilities, labelValues, batch, outputs, labels, "labels", "label");
    for (int i = 0; i < labelValues.length; i++) {
      if (labelValues[i] != 0f && labelValues[i] != 1f) {
        throw new IllegalArgumentException(
            "multi-label targets must be 0 or 1, got "
                + labelValues[i]
                + " at row "
                + i / labels
                + ", label "
                + i % labels);
      }
    }
    int needed = (rows + batch) * labels;
    if (needed > scores.length) {
      int capacity = Math.max(needed, scores.length * 3 / 2 + labels);
      scores = Arrays.copyOf(scores, capacity);
      truth = Arrays.copyOf(truth, capacity);
    }
    int base = rows * labels;
    for (int i = 0; i < probabilities.length; i++) {
      boolean actual = labelValues[i] == 1f;
      boolean predicted = probabilities[i] > threshold;
      int l = i % labels;
      if (actual && predicted) {
        tp[l]++;
      } else if (predicted) {
        fp[l]++;
      } else if (actual) {
        fn[l]++;
      } else {
        tn[l]++;
      }
      scores[base + i] = probabilities[i];
      truth[base + i] = (byte) (actual ? 1 : 0);
    }
    rows += batch;
    rocs = null;
  }

  @Override
  public Map<String, Double> results() {
    long sumTp = 0;
    long sumFp = 0;
    long sumFn = 0;
    long sumTn = 0;
    for (int l = 0; l < labels; l++) {
      sumTp += tp[l];
      sumFp += fp[l];
      sumFn += fn[l];
      sumTn += tn[l];
    }
    List<LabelResult> perLabel = labelResults();
    double aucSum = 0;
    int aucDefined = 0;
    double precisionSum = 0;
    double recallSum = 0;
    double f1Sum = 0;
    for (LabelResult r : perLabel) {
      precisionSum += r.precision();
      recallSum += r.recall();
      f1Sum += r.f1();
      if (r.aucDefined()) {
        aucSum += r.auc();
        aucDefined++;
      }
    }
    boolean empty = rows == 0;
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("accuracy", empty ? Double.NaN : (double) (sumTp + sumTn) / ((long) rows * labels));
    m.put("precision_micro", empty ? Double.NaN : ratio(sumTp, sumTp + sumFp));
    m.put("recall_micro", empty ? Double.NaN : ratio(sumTp, sumTp + sumFn));
    m.put("f1_micro", empty ? Double.NaN : ratio(2 * sumTp, 2 * sumTp + sumFp + sumFn));
    m.put("precision_macro", empty ? Double.NaN : precisionSum / labels);
    m.put("recall_macro", empty ? Double.NaN : recallSum / labels);
    m.put("f1_macro", empty ? Double.NaN : f1Sum / labels);
    m.put("auc_macro", aucDefined == 0 ? Double.NaN : aucSum / aucDefined);
    m.put("auc_undefined_labels", (double) (labels - aucDefined));
    return m;
  }

  /** Per-label counts and metrics, in label order. */
  public List<LabelResult> labelResults() {
    List<LabelResult> all = new ArrayList<>(labels);
    for (int l = 0; l < labels; l++) {
      long n = tp[l] + fp[l] + fn[l] + tn[l];
      all.add(
          new LabelResult(
              l,
              tp[l] + fn[l],
              fp[l] + tn[l],
              tp[l],
              fp[l],
              fn[l],
              tn[l],
              n == 0 ? Double.NaN : (double) (tp[l] + tn[l]) / n,
              ratio(tp[l], tp[l] + fp[l]),
              ratio(tp[l], tp[l] + fn[l]),
              ratio(2 * tp[l], 2 * tp[l] + fp[l] + fn[l]),
              roc(l).auc()));
    }
    return all;
  }

  /** The exact ROC AUC of one label; NaN when it has no positives or no negatives. */
  public double auc(int label) {
    return roc(label).auc();
  }

  /** Labels without an AUC (no positives or no negatives since the last reset). */
  public List<Integer> undefinedAucLabels() {
    List<Integer> undefined = new ArrayList<>();
    for (int l = 0; l < labels; l++) {
      if (!roc(l).defined()) {
        undefined.add(l);
      }
    }
    return undefined;
  }

  /**
   * The ROC curve of one label, for plots.
   *
   * @throws IllegalStateException naming the label when it has no positives or no negatives
   */
  public RocCurve rocCurve(int label) {
    Roc roc = roc(label);
    if (!roc.defined()) {
      throw new IllegalStateException(
          "label "
              + label
              + " has no ROC curve: "
              + roc.positives()
              + " positives and "
              + roc.negatives()
              + " negatives");
    }
    return roc.curve();
  }

  public int labels() {
    return labels;
  }

  public double threshold() {
    return threshold;
  }

  /** Examples seen since the last reset. */
  public int count() {
    return rows;
  }

  private Roc roc(int label) {
    if (label < 0 || label >= labels) {
      throw new IllegalArgumentException(
          "label index " + label + " is out of range 0.." + (labels - 1));
    }
    if (rocs == null) {
      rocs = new Roc[labels];
    }
    if (rocs[label] == null) {
      double[] s = new double[rows];
      boolean[] positive = new boolean[rows];
      for (int r = 0; r < rows; r++) {
        s[r] = scores[r * labels + label];
        positive[r] = truth[r * labels + label] == 1;
      }
      rocs[label] = Roc.of(s, positive);
    }
    return rocs[label];
  }

  private static double ratio(long numerator, long denominator) {
    return denominator == 0 ? 0 : (double) numerator / denominator;
  }
}
