package dev.reslab.analysis.robustness;

import dev.reslab.analysis.metrics.LabelResult;
import dev.reslab.analysis.plot.BarPlot;
import dev.reslab.analysis.plot.BarSeries;
import dev.reslab.analysis.plot.ChartSpec;
import dev.reslab.model.io.AtomicFiles;
import dev.reslab.model.io.CsvWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The result of a multi-label {@link RobustnessStudy}: the clean row first, then one row per
 * corruption and severity, each with macro ROC AUC and mean per-label accuracy and their drops from
 * clean, and the labels that lose the most AUC; written as CSV, Markdown, severity curves and bar
 * charts.
 */
public final class MultiLabelRobustnessTable {

  /** How many of the labels that lose the most AUC a row names. */
  public static final int MOST_LOST = 3;

  private final List<MultiLabelRobustnessRow> rows;
  private final List<String> labelNames;

  /**
   * A label's AUC on clean and corrupted images.
   *
   * @param drop clean AUC − corrupted AUC (a fraction; positive when the corruption costs AUC)
   */
  public record LabelDrop(int label, String name, double cleanAuc, double auc, double drop) {}

  /** A table whose first row is the clean one, over the labels named {@code labelNames}. */
  public MultiLabelRobustnessTable(List<MultiLabelRobustnessRow> rows, List<String> labelNames) {
    if (rows.isEmpty() || !rows.get(0).clean()) {
      throw new IllegalArgumentException("a robustness table starts with the clean row");
    }
    for (MultiLabelRobustnessRow r : rows) {
      if (r.labels().size() != labelNames.size()) {
        throw new IllegalArgumentException(
            "the row "
                + r.corruption()
                + " has "
                + r.labels().size()
                + " labels, the table names "
                + labelNames.size());
      }
    }
    this.rows = List.copyOf(rows);
    this.labelNames = List.copyOf(labelNames);
  }

  public List<MultiLabelRobustnessRow> rows() {
    return rows;
  }

  public List<String> labelNames() {
    return labelNames;
  }

  public MultiLabelRobustnessRow clean() {
    return rows.get(0);
  }

  /** The row of {@code corruption} at {@code severity}. */
  public MultiLabelRobustnessRow row(String corruption, int severity) {
    return RobustnessTable.find(
        rows,
        MultiLabelRobustnessRow::corruption,
        MultiLabelRobustnessRow::severity,
        corruption,
        severity);
  }

  /** Macro ROC AUC lost to the corruption: clean − row (a fraction). */
  public double aucDrop(MultiLabelRobustnessRow row) {
    return clean().aucMacro() - row.aucMacro();
  }

  /** Mean per-label accuracy lost to the corruption: clean − row (a fraction). */
  public double accuracyDrop(MultiLabelRobustnessRow row) {
    return clean().accuracy() - row.accuracy();
  }

  /**
   * Every label with an AUC, by the AUC it loses in {@code row}, most first (labels in order on
   * ties); labels without positives or negatives have none and are left out.
   */
  public List<LabelDrop> aucDrops(MultiLabelRobustnessRow row) {
    List<LabelDrop> drops = new ArrayList<>();
    for (int l = 0; l < labelNames.size(); l++) {
      LabelResult c = clean().labels().get(l);
      LabelResult r = row.labels().get(l);
      if (c.aucDefined() && r.aucDefined()) {
        drops.add(new LabelDrop(l, labelNames.get(l), c.auc(), r.auc(), c.auc() - r.auc()));
      }
    }
    drops.sort(Comparator.comparingDouble(LabelDrop::drop).reversed());
    return drops;
  }

  /**
   * Each label's AUC drop averaged over every corrupted row, most lost first: the labels the
   * corruptions hurt most overall ({@code auc} is the mean corrupted AUC).
   */
  public List<LabelDrop> meanAucDrops() {
    List<MultiLabelRobustnessRow> corrupted = rows.subList(1, rows.size());
    List<LabelDrop> drops = new ArrayList<>();
    for (int l = 0; l < labelNames.size(); l++) {
      LabelResult c = clean().labels().get(l);
      if (!c.aucDefined() || corrupted.isEmpty()) {
        continue;
      }
      int label = l;
      double auc =
          corrupted.stream().mapToDouble(r -> r.labels().get(label).auc()).average().orElseThrow();
      drops.add(new LabelDrop(l, labelNames.get(l), c.auc(), auc, c.auc() - auc));
    }
    drops.sort(Comparator.comparingDouble(LabelDrop::drop).reversed());
    return drops;
  }

  /** Macro AUC averaged over every corruption and severity; NaN with direct parameters only. */
  public double meanCorruptionAuc() {
    return meanOverSeverities(rows.subList(1, rows.size()), MultiLabelRobustnessRow::aucMacro);
  }

  /**
   * Mean per-label accuracy averaged over every corruption and severity; NaN without severities.
   */
  public double meanCorruptionAccuracy() {
    return meanOverSeverities(rows.subList(1, rows.size()), MultiLabelRobustnessRow::accuracy);
  }

  /** Each corruption's macro AUC averaged over its severities, in table order. */
  public Map<String, Double> meanAucByCorruption() {
    return byCorruption(MultiLabelRobustnessRow::aucMacro);
  }

  /** Each corruption's mean per-label accuracy averaged over its severities, in table order. */
  public Map<String, Double> meanAccuracyByCorruption() {
    return byCorruption(MultiLabelRobustnessRow::accuracy);
  }

  private Map<String, Double> byCorruption(ToDoubleFunction<MultiLabelRobustnessRow> metric) {
    Map<String, Double> means = new LinkedHashMap<>();
    rows.subList(1, rows.size()).stream()
        .collect(
            Collectors.groupingBy(
                MultiLabelRobustnessRow::corruption, LinkedHashMap::new, Collectors.toList()))
        .forEach(
            (name, list) -> {
              if (list.stream().allMatch(r -> r.severity() > 0)) {
                means.put(name, meanOverSeverities(list, metric));
              }
            });
    return means;
  }

  private static double meanOverSeverities(
      List<MultiLabelRobustnessRow> list, ToDoubleFunction<MultiLabelRobustnessRow> metric) {
    return list.stream()
        .filter(r -> r.severity() > 0)
        .mapToDouble(metric)
        .average()
        .orElse(Double.NaN);
  }

  /**
   * Up to {@value #MOST_LOST} labels of {@code row} that lose AUC, most first, e.g. {@code Smiling
   * -4.10 pp; Male ...}; empty when none loses any.
   */
  public String mostAucLost(MultiLabelRobustnessRow row) {
    if (row.clean()) {
      return "";
    }
    return aucDrops(row).stream()
        .filter(d -> d.drop() > 0)
        .limit(MOST_LOST)
        .map(d -> String.format(Locale.ROOT, "%s %+.2f pp", d.name(), -100 * d.drop()))
        .collect(Collectors.joining("; "));
  }

  /**
   * The table as CSV: {@code
   * corruption,severity,parameter,images,auc_macro,auc_drop,accuracy,accuracy_drop,auc_undefined_labels,most_auc_lost}.
   */
  public String toCsv() {
    CsvWriter csv =
        new CsvWriter(
            "corruption",
            "severity",
            "parameter",
            "images",
            "auc_macro",
            "auc_drop",
            "accuracy",
            "accuracy_drop",
            "auc_undefined_labels",
            "most_auc_lost");
    for (MultiLabelRobustnessRow r : rows) {
      csv.row(
          r.corruption(),
          r.severity(),
          r.parameter(),
          r.images(),
          r.aucMacro(),
          aucDrop(r),
          r.accuracy(),
          accuracyDrop(r),
          r.labels().stream().filter(l -> !l.aucDefined()).count(),
          mostAucLost(r));
    }
    return csv.text();
  }

  /**
   * One row per version of the data and label: {@code
   * corruption,severity,parameter,label,positives,auc,auc_drop,accuracy,accuracy_drop} (AUC NaN for
   * a label without positives or negatives).
   */
  public String perLabelCsv() {
    CsvWriter csv =
        new CsvWriter(
            "corruption",
            "severity",
            "parameter",
            "label",
            "positives",
            "auc",
            "auc_drop",
            "accuracy",
            "accuracy_drop");
    for (MultiLabelRobustnessRow r : rows) {
      for (int l = 0; l < labelNames.size(); l++) {
        LabelResult lr = r.labels().get(l);
        LabelResult c = clean().labels().get(l);
        csv.row(
            r.corruption(),
            r.severity(),
            r.parameter(),
            labelNames.get(l),
            lr.positives(),
            lr.auc(),
            c.auc() - lr.auc(),
            lr.accuracy(),
            c.accuracy() - lr.accuracy());
      }
    }
    return csv.text();
  }

  /** Writes {@link #toCsv()} and {@link #perLabelCsv()} atomically. */
  public void writeCsv(Path table, Path perLabel) {
    AtomicFiles.writeString(table, toCsv());
    AtomicFiles.writeString(perLabel, perLabelCsv());
  }

  /** Macro ROC AUC against severity (0 = clean) per corruption. */
  public void writeSeverityCurves(Path png, String title) {
    RobustnessCharts.curves(png, title, "macro ROC AUC", point(clean()), corruptedPoints());
  }

  /** Bars of macro ROC AUC per corruption, one bar per severity; clean on the left. */
  public void writeBarChart(Path png, String title) {
    RobustnessCharts.bars(png, title, "macro ROC AUC", point(clean()), corruptedPoints());
  }

  /**
   * Bars of the AUC each of {@code worst} (e.g. the first of {@link #meanAucDrops()}) loses, one
   * per corruption: its AUC drop averaged over that corruption's rows.
   */
  public void writeLabelChart(Path png, String title, List<LabelDrop> worst) {
    List<String> categories = worst.stream().map(LabelDrop::name).toList();
    Map<String, List<MultiLabelRobustnessRow>> byName = new LinkedHashMap<>();
    for (MultiLabelRobustnessRow r : rows.subList(1, rows.size())) {
      byName.computeIfAbsent(r.corruption(), n -> new ArrayList<>()).add(r);
    }
    List<BarSeries> series = new ArrayList<>();
    byName.forEach(
        (name, list) -> {
          double[] v = new double[worst.size()];
          for (int i = 0; i < v.length; i++) {
            LabelDrop d = worst.get(i);
            v[i] =
                d.cleanAuc()
                    - list.stream()
                        .mapToDouble(r -> r.labels().get(d.label()).auc())
                        .average()
                        .orElse(Double.NaN);
          }
          series.add(new BarSeries(name, v, null, null));
        });
    BarPlot.write(png, ChartSpec.of(title, "label", "AUC drop"), categories, series);
  }

  private List<RobustnessCharts.Point> corruptedPoints() {
    return rows.subList(1, rows.size()).stream().map(MultiLabelRobustnessTable::point).toList();
  }

  private static RobustnessCharts.Point point(MultiLabelRobustnessRow r) {
    return new RobustnessCharts.Point(
        r.corruption(), r.severity(), r.parameter(), r.aucMacro(), Double.NaN, Double.NaN);
  }
}
