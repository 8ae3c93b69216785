package dev.reslab.analysis.metrics;

/**
 * One label of a multi-label head at the collector's threshold, with its threshold-free AUC.
 *
 * @param label label index
 * @param positives examples with the label set
 * @param negatives examples without it
 * @param accuracy (TP + TN) / examples; NaN with no examples
 * @param precision TP / (TP + FP); 0 when nothing was predicted positive
 * @param recall TP / (TP + FN); 0 when there are no positives
 * @param f1 2·TP / (2·TP + FP + FN); 0 when that denominator is 0
 * @param auc exact ROC AUC; NaN (undefined) when there are no positives or no negatives
 */
public record LabelResult(
    int label,
    long positives,
    long negatives,
    long truePositives,
    long falsePositives,
    long falseNegatives,
    long trueNegatives,
    double accuracy,
    double precision,
    double recall,
    double f1,
    double auc) {

  /** Whether the AUC exists (the label has both positives and negatives). */
  public boolean aucDefined() {
    return !Double.isNaN(auc);
  }
}
