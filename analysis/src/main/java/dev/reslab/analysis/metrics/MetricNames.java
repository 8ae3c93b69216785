package dev.reslab.analysis.metrics;

import java.util.List;
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
    // words, not substrings: an ImageNet class column such as chocolate_sauce is no AUC
    List<String> words = List.of(n.split("[^a-z0-9]+"));
    // auc_undefined_labels counts labels
    return !n.contains("loss")
        && !n.endsWith("_labels")
        && (n.endsWith("accuracy")
            || words.contains("f1")
            || words.contains("auc")
            || words.contains("precision")
            || words.contains("recall")
            || n.endsWith("top5")
            || n.endsWith("drop")
            || n.startsWith("fraction")
            || n.endsWith("_fraction")
            || n.endsWith("probability")
            || n.startsWith("ci95_"));
  }
}
