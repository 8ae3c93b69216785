package dev.reslab.data;

import java.util.List;

/**
 * What a data set is: its name, task, class or attribute names, image size, number of examples in
 * the chosen split and default normalisation.
 */
public record DatasetInfo(
    String name,
    Task task,
    List<String> labelNames,
    int height,
    int width,
    long examples,
    Normalization normalization) {

  public DatasetInfo {
    labelNames = List.copyOf(labelNames);
  }

  /** K: number of classes (multi-class) or attributes (multi-label). */
  public int numLabels() {
    return labelNames.size();
  }

  /** A copy with another example count (after a limit). */
  public DatasetInfo withExamples(long n) {
    return new DatasetInfo(name, task, labelNames, height, width, n, normalization);
  }
}
