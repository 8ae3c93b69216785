package dev.reslab.analysis.metrics;

import dev.reslab.model.training.MetricsCollector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metrics of a softmax head: accuracy (top-1), top-k accuracy, macro precision, recall and F1, and
 * the confusion matrix behind per-class accuracies, best and worst classes and most-confused pairs.
 * Loss is the trainer's.
 *
 * <p>Ranking ties: classes are ordered by probability, then by index, so the prediction is the
 * first maximum (as {@code argmax}) and top-1 accuracy always equals accuracy. The true class is
 * the position of the label row's single largest value (one-hot, or smoothed).
 *
 * <p>Result keys: {@code accuracy}, {@code top5} ({@code top<k>} with k = min(5, classes), or the k
 * given), {@code precision_macro}, {@code recall_macro}, {@code f1_macro}; all NaN before any
 * example.
 *
 * <p>Not thread-safe: one collector per split, fed from one thread.
 */
public final class MultiClassMetrics implements MetricsCollector {

  private final int classes;
  private final int topK;
  private final ConfusionMatrix confusion;
  private long topKHits;

  /**
   * For {@code classes} classes, with top-5 accuracy (top-{@code classes} when there are fewer).
   */
  public MultiClassMetrics(int classes) {
    this(classes, 5);
  }

  /**
   * For {@code classes} classes, with top-{@code k} accuracy (k capped at the number of classes).
   */
  public MultiClassMetrics(int classes, int k) {
    if (classes < 1) {
      throw new IllegalArgumentException("number of classes must be at least 1, got " + classes);
    }
    if (k < 1) {
      throw new IllegalArgumentException("top-k needs k >= 1, got " + k);
    }
    this.classes = classes;
    this.topK = Math.min(k, classes);
    this.confusion = new ConfusionMatrix(classes);
  }

  @Override
  public void reset() {
    confusion.clear();
    topKHits = 0;
  }

  @Override
  public void update(float[] probabilities, float[] labels, int batch, int outputs) {
    PredictionBatch.check(probabilities, labels, batch, outputs, classes, "classes", "class");
    int[] truth = new int[batch];
    for (int r = 0; r < batch; r++) {
      truth[r] = trueClass(labels, r);
    }
    // Only count once the whole batch is valid, so a rejected batch leaves the totals untouched.
    for (int r = 0; r < batch; r++) {
      int offset = r * classes;
      int t = truth[r];
      float pt = probabilities[offset + t];
      int predicted = 0;
      int rank =
          0; // classes ordered before the true one: higher probability, or equal and lower index
      for (int c = 0; c < classes; c++) {
        float p = probabilities[offset + c];
        if (p > probabilities[offset + predicted]) {
          predicted = c;
        }
        if (p > pt || (p == pt && c < t)) {
          rank++;
        }
      }
      confusion.add(t, predicted);
      if (rank < topK) {
        topKHits++;
      }
    }
  }

  private int trueClass(float[] labels, int row) {
    int offset = row * classes;
    int best = 0;
    boolean tied = false;
    for (int c = 1; c < classes; c++) {
      float v = labels[offset + c];
      if (v > labels[offset + best]) {
        best = c;
        tied = false;
      } else if (v == labels[offset + best]) {
        tied = true;
      }
    }
    if (!(labels[offset + best] > 0) || tied) {
      throw new IllegalArgumentException(
          "label row " + row + " has no single largest value (expected one-hot)");
    }
    return best;
  }

  @Override
  public Map<String, Double> results() {
    Map<String, Double> r = new LinkedHashMap<>();
    long total = confusion.total();
    r.put("accuracy", confusion.accuracy());
    r.put(topKKey(), total == 0 ? Double.NaN : (double) topKHits / total);
    r.put("precision_macro", confusion.precisionMacro());
    r.put("recall_macro", confusion.recallMacro());
    r.put("f1_macro", confusion.f1Macro());
    return r;
  }

  /** The result key of top-k accuracy, e.g. {@code top5}. */
  public String topKKey() {
    return "top" + topK;
  }

  public int classes() {
    return classes;
  }

  /** Examples seen since the last reset. */
  public long count() {
    return confusion.total();
  }

  /** A snapshot of the confusion matrix. */
  public ConfusionMatrix confusionMatrix() {
    return confusion.copy();
  }

  /** Per-class accuracy with Wilson 95 % intervals, in class order. */
  public List<ClassAccuracy> perClass() {
    return confusion.perClass();
  }

  /** The {@code k} most accurate classes, see {@link ConfusionMatrix#topClasses}. */
  public List<ClassAccuracy> topClasses(int k) {
    return confusion.topClasses(k);
  }

  /** The {@code k} least accurate classes, see {@link ConfusionMatrix#bottomClasses}. */
  public List<ClassAccuracy> bottomClasses(int k) {
    return confusion.bottomClasses(k);
  }

  /** The {@code k} most frequent confusions, see {@link ConfusionMatrix#mostConfusedPairs}. */
  public List<ConfusedPair> mostConfusedPairs(int k) {
    return confusion.mostConfusedPairs(k);
  }
}
