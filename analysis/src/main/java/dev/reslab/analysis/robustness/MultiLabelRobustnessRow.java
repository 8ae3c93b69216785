package dev.reslab.analysis.robustness;

import dev.reslab.analysis.metrics.LabelResult;
import java.util.List;

/**
 * A multi-label head on one version of the evaluation data (clean, a corruption at a severity 1–5,
 * or at a direct parameter, severity −1), in the metrics {@code eval} reports for multi-label runs.
 *
 * @param parameter the corruption's parameter (0 for clean)
 * @param images images evaluated
 * @param aucMacro mean exact ROC AUC over the labels that have one (positives and negatives)
 * @param accuracy mean per-label accuracy at the 0.5 threshold (the fraction of right decisions)
 * @param labels each label's counts, accuracy and AUC, in label order
 */
public record MultiLabelRobustnessRow(
    String corruption,
    int severity,
    double parameter,
    long images,
    double aucMacro,
    double accuracy,
    List<LabelResult> labels) {

  public MultiLabelRobustnessRow {
    labels = List.copyOf(labels);
  }

  /** Whether this is the clean row. */
  public boolean clean() {
    return RobustnessRow.CLEAN.equals(corruption);
  }
}
