package dev.reslab.analysis.metrics;

import java.util.Locale;

/** What a metric's or column's name says about its values. */
public final class MetricNames {
  private MetricNames() {}

  /**
   * Whether a metric, column or axis named so holds a fraction between 0 and 1 (accuracy, F1, AUC,
   * precision, recall, drops, probabilities), which tables and charts show as a percentage; losses
   * never are.
   */
  public static boolean isFraction(String name) {
    String n = name.toLowerCase(Locale.ROOT).replace(' ', '_');
    return !n.contains("loss")
        && (n.endsWith("accuracy")
            || n.contains("f1")
            || n.contains("auc")
            || n.contains("precision")
            || n.contains("recall")
            || n.endsWith("top5")
            || n.endsWith("drop")
            || n.startsWith("fraction")
            || n.endsWith("_fraction")
            || n.endsWith("probability")
            || n.startsWith("ci95_"));
  }
}
