package dev.reslab.analysis.perclass;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.reslab.analysis.metrics.LabelResult;
import dev.reslab.analysis.metrics.MultiLabelMetrics;
import dev.reslab.analysis.metrics.WilsonInterval;
import dev.reslab.model.io.AtomicFiles;
import dev.reslab.model.io.CsvWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-class results of a multi-label model (CelebA's 40 attributes): each label is its own yes/no
 * decision on every image, so it gets its own accuracy (with a Wilson interval over the images),
 * precision, recall, F1 and ROC AUC; no confusion matrix, since a label is never mistaken for
 * another.
 */
public final class PerLabelReport {
  private PerLabelReport() {}

  /**
   * {@code per_label.csv} (one row per label, in label order) and {@code summary.json} (the mean
   * accuracy of the label decisions, what predicting every label absent scores, the macro AUC) in
   * {@code dir}.
   *
   * @return the files by name ({@code per_label}, {@code summary})
   */
  public static Map<String, Path> write(MultiLabelMetrics metrics, List<String> names, Path dir) {
    CsvWriter csv =
        new CsvWriter(
            "label",
            "index",
            "positives",
            "negatives",
            "accuracy",
            "ci95_lower",
            "ci95_upper",
            "precision",
            "recall",
            "f1",
            "auc");
    for (LabelResult r : metrics.labelResults()) {
      long n = r.positives() + r.negatives();
      WilsonInterval w = WilsonInterval.of95(r.truePositives() + r.trueNegatives(), n);
      csv.row(
          names.get(r.label()),
          r.label(),
          r.positives(),
          r.negatives(),
          r.accuracy(),
          w.lower(),
          w.upper(),
          r.precision(),
          r.recall(),
          r.f1(),
          r.auc());
    }
    Map<String, Path> files = new LinkedHashMap<>();
    Path table = dir.resolve("per_label.csv");
    AtomicFiles.writeString(table, csv.text());
    files.put("per_label", table);
    Path summary = dir.resolve("summary.json");
    AtomicFiles.writeString(summary, summaryJson(metrics));
    files.put("summary", summary);
    return files;
  }

  /** The share of correct decisions had every label been predicted absent. */
  public static double allAbsentAccuracy(MultiLabelMetrics metrics) {
    long positives = 0;
    long all = 0;
    for (LabelResult r : metrics.labelResults()) {
      positives += r.positives();
      all += r.positives() + r.negatives();
    }
    return all == 0 ? Double.NaN : 1 - (double) positives / all;
  }

  private static Double orNull(double v) {
    return Double.isNaN(v) ? null : v;
  }

  private static String summaryJson(MultiLabelMetrics metrics) {
    Map<String, Double> results = metrics.results();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("examples", metrics.count());
    doc.put("labels", metrics.labels());
    doc.put("accuracy", orNull(results.get("accuracy")));
    doc.put("all_absent_accuracy", orNull(allAbsentAccuracy(metrics)));
    doc.put("auc_macro", orNull(results.get("auc_macro"))); // no label with an AUC: null
    doc.put("auc_undefined_labels", results.get("auc_undefined_labels").intValue());
    doc.put("f1_macro", orNull(results.get("f1_macro")));
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
