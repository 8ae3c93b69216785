package dev.reslab.analysis.robustness;

import dev.reslab.model.io.AtomicFiles;
import dev.reslab.model.io.CsvWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The result of a {@link RobustnessStudy}: the clean row first, then one row per corruption and
 * severity, with the drop from clean accuracy; written as CSV, as severity curves and as a bar
 * chart.
 */
public final class RobustnessTable {

  private final List<RobustnessRow> rows;

  /** A table whose first row is the clean one. */
  public RobustnessTable(List<RobustnessRow> rows) {
    if (rows.isEmpty() || !rows.get(0).clean()) {
      throw new IllegalArgumentException("a robustness table starts with the clean row");
    }
    this.rows = List.copyOf(rows);
  }

  public List<RobustnessRow> rows() {
    return rows;
  }

  public RobustnessRow clean() {
    return rows.get(0);
  }

  /** Accuracy lost to the corruption: clean accuracy − row accuracy (fraction points). */
  public double drop(RobustnessRow row) {
    return clean().accuracy() - row.accuracy();
  }

  /** Accuracy lost as a fraction of clean accuracy: drop / clean accuracy. */
  public double relativeDrop(RobustnessRow row) {
    return drop(row) / clean().accuracy();
  }

  /**
   * Mean accuracy over every corruption and severity (CIFAR-10-C papers' "mean corruption
   * accuracy"); NaN when the table has no severity rows (direct parameters only).
   */
  public double meanCorruptionAccuracy() {
    return rows.stream()
        .filter(r -> r.severity() > 0)
        .mapToDouble(RobustnessRow::accuracy)
        .average()
        .orElse(Double.NaN);
  }

  /** Each corruption's accuracy averaged over its severities, in table order. */
  public Map<String, Double> meanAccuracyByCorruption() {
    Map<String, Double> means = new LinkedHashMap<>();
    byCorruption()
        .forEach(
            (name, list) -> {
              if (list.stream().allMatch(r -> r.severity() > 0)) {
                means.put(
                    name,
                    list.stream()
                        .mapToDouble(RobustnessRow::accuracy)
                        .average()
                        .orElse(Double.NaN));
              }
            });
    return means;
  }

  /**
   * ImageNet-C's corruption error of each corruption relative to {@code baseline}: this model's
   * top-1 errors summed over severities 1-5, divided by the baseline's (Hendrycks and Dietterich
   * 2019; AlexNet is their baseline). Both tables must hold the same corruptions and severities.
   */
  public Map<String, Double> corruptionErrors(RobustnessTable baseline) {
    Map<String, Double> ce = new LinkedHashMap<>();
    for (Map.Entry<String, List<RobustnessRow>> e : byCorruption().entrySet()) {
      double errors = 0;
      double baseErrors = 0;
      for (RobustnessRow r : e.getValue()) {
        if (r.severity() <= 0) {
          throw new IllegalArgumentException(
              "corruption errors need severities, not direct parameters");
        }
        errors += 1 - r.accuracy();
        baseErrors += 1 - baseline.row(r.corruption(), r.severity()).accuracy();
      }
      ce.put(e.getKey(), errors / baseErrors);
    }
    return ce;
  }

  /**
   * The mean of {@link #corruptionErrors}: ImageNet-C's mCE (below 1 means more robust than the
   * baseline).
   */
  public double meanCorruptionError(RobustnessTable baseline) {
    return corruptionErrors(baseline).values().stream()
        .mapToDouble(Double::doubleValue)
        .average()
        .orElse(Double.NaN);
  }

  /** The row of {@code corruption} at {@code severity}. */
  public RobustnessRow row(String corruption, int severity) {
    return find(rows, RobustnessRow::corruption, RobustnessRow::severity, corruption, severity);
  }

  /** The row of a robustness table (either kind) for {@code corruption} at {@code severity}. */
  static <R> R find(
      List<R> rows,
      Function<R, String> corruptionOf,
      ToIntFunction<R> severityOf,
      String corruption,
      int severity) {
    String name =
        RobustnessRow.CLEAN.equals(corruption) ? corruption : Corruption.canonicalName(corruption);
    return rows.stream()
        .filter(r -> corruptionOf.apply(r).equals(name) && severityOf.applyAsInt(r) == severity)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no row for " + corruption + " at severity " + severity));
  }

  /**
   * The table as CSV: {@code
   * corruption,severity,parameter,correct,total,accuracy,ci95_lower,ci95_upper,drop,relative_drop}.
   */
  public String toCsv() {
    CsvWriter csv =
        new CsvWriter(
            "corruption",
            "severity",
            "parameter",
            "correct",
            "total",
            "accuracy",
            "ci95_lower",
            "ci95_upper",
            "drop",
            "relative_drop");
    for (RobustnessRow r : rows) {
      csv.row(
          r.corruption(),
          r.severity(),
          (double) r.parameter(),
          r.correct(),
          r.total(),
          r.accuracy(),
          r.interval().lower(),
          r.interval().upper(),
          drop(r),
          relativeDrop(r));
    }
    return csv.text();
  }

  /** Writes {@link #toCsv()} atomically. */
  public void writeCsv(Path file) {
    AtomicFiles.writeString(file, toCsv());
  }

  /**
   * Accuracy against severity (0 = clean) per corruption, with Wilson whiskers; rows with direct
   * parameters are plotted against their parameter instead.
   */
  public void writeSeverityCurves(Path png, String title) {
    RobustnessCharts.curves(png, title, "accuracy", point(clean()), corruptedPoints());
  }

  /**
   * Bars of accuracy per corruption, one bar per severity, with Wilson whiskers; the clean accuracy
   * is its own category on the left.
   */
  public void writeBarChart(Path png, String title) {
    RobustnessCharts.bars(png, title, "accuracy", point(clean()), corruptedPoints());
  }

  private List<RobustnessCharts.Point> corruptedPoints() {
    return rows.subList(1, rows.size()).stream().map(RobustnessTable::point).toList();
  }

  private static RobustnessCharts.Point point(RobustnessRow r) {
    return new RobustnessCharts.Point(
        r.corruption(),
        r.severity(),
        r.parameter(),
        r.accuracy(),
        r.interval().lower(),
        r.interval().upper());
  }

  private Map<String, List<RobustnessRow>> byCorruption() {
    Map<String, List<RobustnessRow>> map = new LinkedHashMap<>();
    for (RobustnessRow r : rows.subList(1, rows.size())) {
      map.computeIfAbsent(r.corruption(), k -> new ArrayList<>()).add(r);
    }
    return map;
  }
}
