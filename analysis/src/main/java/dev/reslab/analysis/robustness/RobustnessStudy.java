package dev.reslab.analysis.robustness;

import dev.reslab.analysis.inputs.ImageBatch;
import dev.reslab.analysis.metrics.MultiLabelMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a classifier on clean data and on every corruption of a plan in one pass over the data:
 * each batch is read once and corrupted every way, so slow input pipelines are paid for once. Image
 * indices run on across batches, so the corrupted images (and the table) do not depend on the batch
 * size. The clean and the corrupted images go through the same classifier, so through the same
 * precision.
 */
public final class RobustnessStudy {

  private RobustnessStudy() {}

  /** Runs the plan; {@code data} is iterated once. */
  public static RobustnessTable run(
      ImageClassifier classifier, Iterable<LabelledBatch> data, RobustnessPlan plan) {
    List<RobustnessPlan.Step> steps = plan.corruptions();
    long[] correct = new long[steps.size() + 1]; // [0] is clean
    long total =
        forEachVersion(
            data,
            plan,
            (version, images, batch) -> correct[version] += hits(classifier, images, batch));
    List<RobustnessRow> rows = new ArrayList<>();
    rows.add(new RobustnessRow(RobustnessRow.CLEAN, 0, 0, correct[0], total));
    for (int s = 0; s < steps.size(); s++) {
      Corruption c = steps.get(s).corruption();
      rows.add(
          new RobustnessRow(
              c.name(), steps.get(s).severity(), c.parameter(), correct[s + 1], total));
    }
    return new RobustnessTable(rows);
  }

  /**
   * Runs the plan on a multi-label head: each version of the data is scored as {@code eval} scores
   * a multi-label run ({@link MultiLabelMetrics}: macro ROC AUC and mean per-label accuracy at
   * 0.5); {@code data} is iterated once and must carry label vectors ({@link
   * LabelledBatch#targets()}).
   */
  public static MultiLabelRobustnessTable runMultiLabel(
      MultiLabelClassifier classifier,
      Iterable<LabelledBatch> data,
      RobustnessPlan plan,
      List<String> labelNames) {
    List<RobustnessPlan.Step> steps = plan.corruptions();
    int labels = labelNames.size();
    MultiLabelMetrics[] metrics = new MultiLabelMetrics[steps.size() + 1]; // [0] is clean
    for (int v = 0; v < metrics.length; v++) {
      metrics[v] = new MultiLabelMetrics(labels);
    }
    forEachVersion(
        data,
        plan,
        (version, images, batch) -> {
          if (batch.targets() == null) {
            throw new IllegalArgumentException(
                "a multi-label robustness study needs label vectors, and a batch has one class per"
                    + " image");
          }
          metrics[version].update(
              classifier.probabilities(images), batch.targets(), images.batch(), labels);
        });
    List<MultiLabelRobustnessRow> rows = new ArrayList<>();
    rows.add(row(RobustnessRow.CLEAN, 0, 0, metrics[0]));
    for (int s = 0; s < steps.size(); s++) {
      Corruption c = steps.get(s).corruption();
      rows.add(row(c.name(), steps.get(s).severity(), c.parameter(), metrics[s + 1]));
    }
    return new MultiLabelRobustnessTable(rows, labelNames);
  }

  private static MultiLabelRobustnessRow row(
      String corruption, int severity, double parameter, MultiLabelMetrics m) {
    Map<String, Double> r = m.results();
    return new MultiLabelRobustnessRow(
        corruption,
        severity,
        parameter,
        m.count(),
        r.get("auc_macro"),
        r.get("accuracy"),
        m.labelResults());
  }

  /** What a study does with one version (0 clean, s + 1 the plan's step s) of one batch. */
  @FunctionalInterface
  private interface VersionScorer {
    void score(int version, ImageBatch images, LabelledBatch batch);
  }

  /**
   * Hands every batch to {@code scorer} clean and corrupted every way of the plan, image indices
   * running on across batches; returns the number of images.
   */
  private static long forEachVersion(
      Iterable<LabelledBatch> data, RobustnessPlan plan, VersionScorer scorer) {
    List<RobustnessPlan.Step> steps = plan.corruptions();
    long total = 0;
    for (LabelledBatch batch : data) {
      scorer.score(0, batch.images(), batch);
      for (int s = 0; s < steps.size(); s++) {
        scorer.score(
            s + 1, steps.get(s).corruption().apply(batch.images(), plan.seed(), total), batch);
      }
      total += batch.labels().length;
    }
    return total;
  }

  private static long hits(ImageClassifier classifier, ImageBatch images, LabelledBatch batch) {
    int[] labels = batch.labels();
    int[] predicted = classifier.predict(images);
    if (predicted.length != labels.length) {
      throw new IllegalStateException(
          "the classifier returned "
              + predicted.length
              + " predictions for "
              + labels.length
              + " images");
    }
    long hits = 0;
    for (int i = 0; i < labels.length; i++) {
      hits += predicted[i] == labels[i] ? 1 : 0;
    }
    return hits;
  }
}
