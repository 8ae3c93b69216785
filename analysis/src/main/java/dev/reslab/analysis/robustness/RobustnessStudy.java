package dev.reslab.analysis.robustness;

import dev.reslab.analysis.inputs.ImageBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates a classifier on clean data and on every corruption of a plan in one pass over the data:
 * each batch is read once and corrupted every way, so slow input pipelines are paid for once. Image
 * indices run on across batches, so the corrupted images (and the table) do not depend on the batch
 * size.
 */
public final class RobustnessStudy {

  private RobustnessStudy() {}

  /** Runs the plan; {@code data} is iterated once. */
  public static RobustnessTable run(
      ImageClassifier classifier, Iterable<LabelledBatch> data, RobustnessPlan plan) {
    List<RobustnessPlan.Step> steps = plan.corruptions();
    long[] correct = new long[steps.size() + 1]; // [0] is clean
    long total = 0;
    for (LabelledBatch batch : data) {
      correct[0] += hits(classifier, batch.images(), batch.labels());
      for (int s = 0; s < steps.size(); s++) {
        ImageBatch corrupted = steps.get(s).corruption().apply(batch.images(), plan.seed(), total);
        correct[s + 1] += hits(classifier, corrupted, batch.labels());
      }
      total += batch.labels().length;
    }
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

  private static long hits(ImageClassifier classifier, ImageBatch images, int[] labels) {
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
