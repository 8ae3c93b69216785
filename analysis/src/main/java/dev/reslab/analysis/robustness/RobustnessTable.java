package dev.reslab.analysis.robustness;

import dev.reslab.analysis.plot.BarPlot;
import dev.reslab.analysis.plot.BarSeries;
import dev.reslab.analysis.plot.ChartSpec;
import dev.reslab.analysis.plot.Series;
import dev.reslab.analysis.plot.XyPlot;
import dev.reslab.model.io.AtomicFiles;
import dev.reslab.model.io.CsvWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    String name =
        RobustnessRow.CLEAN.equals(corruption) ? corruption : Corruption.canonicalName(corruption);
    return rows.stream()
        .filter(r -> r.corruption().equals(name) && r.severity() == severity)
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
    Map<String, List<RobustnessRow>> byCorruption = byCorruption();
    boolean direct = rows.stream().anyMatch(r -> r.severity() < 0);
    List<Series> series = new ArrayList<>();
    for (Map.Entry<String, List<RobustnessRow>> e : byCorruption.entrySet()) {
      List<RobustnessRow> points = new ArrayList<>();
      points.add(clean());
      points.addAll(e.getValue());
      int n = points.size();
      double[] x = new double[n];
      double[] y = new double[n];
      double[] lo = new double[n];
      double[] hi = new double[n];
      for (int i = 0; i < n; i++) {
        RobustnessRow r = points.get(i);
        x[i] = direct ? r.parameter() : r.severity();
        y[i] = r.accuracy();
        lo[i] = r.interval().lower();
        hi[i] = r.interval().upper();
      }
      series.add(new Series(e.getKey(), x, y, lo, hi));
    }
    XyPlot.write(
        png,
        ChartSpec.of(title, direct ? "corruption parameter" : "severity (0 = clean)", "accuracy"),
        series,
        XyPlot.Style.LINES);
  }

  /**
   * Bars of accuracy per corruption, one bar per severity, with Wilson whiskers; the clean accuracy
   * is its own category on the left.
   */
  public void writeBarChart(Path png, String title) {
    Map<String, List<RobustnessRow>> byCorruption = byCorruption();
    List<String> categories = new ArrayList<>();
    categories.add(RobustnessRow.CLEAN);
    categories.addAll(byCorruption.keySet());
    int levels = byCorruption.values().stream().mapToInt(List::size).max().orElse(0);
    List<BarSeries> series = new ArrayList<>();
    // The clean bar is a series of its own, so it is not coloured as the first severity.
    double[] cv = new double[categories.size()];
    double[] clo = new double[categories.size()];
    double[] chi = new double[categories.size()];
    for (int c = 0; c < categories.size(); c++) {
      fill(cv, clo, chi, c, c == 0 ? clean() : null);
    }
    series.add(new BarSeries(RobustnessRow.CLEAN, cv, clo, chi));
    for (int level = 0; level < levels; level++) {
      double[] v = new double[categories.size()];
      double[] lo = new double[categories.size()];
      double[] hi = new double[categories.size()];
      fill(v, lo, hi, 0, null);
      int c = 1;
      String name = null;
      for (List<RobustnessRow> list : byCorruption.values()) {
        RobustnessRow r = level < list.size() ? list.get(level) : null;
        fill(v, lo, hi, c++, r);
        if (r != null && name == null) {
          name =
              r.severity() > 0
                  ? "severity " + r.severity()
                  : "parameter " + CsvWriter.number(r.parameter());
        }
      }
      series.add(new BarSeries(name == null ? "level " + (level + 1) : name, v, lo, hi));
    }
    BarPlot.write(png, ChartSpec.of(title, "corruption", "accuracy"), categories, series);
  }

  private static void fill(double[] v, double[] lo, double[] hi, int i, RobustnessRow r) {
    v[i] = r == null ? Double.NaN : r.accuracy();
    lo[i] = r == null ? Double.NaN : r.interval().lower();
    hi[i] = r == null ? Double.NaN : r.interval().upper();
  }

  private Map<String, List<RobustnessRow>> byCorruption() {
    Map<String, List<RobustnessRow>> map = new LinkedHashMap<>();
    for (RobustnessRow r : rows.subList(1, rows.size())) {
      map.computeIfAbsent(r.corruption(), k -> new ArrayList<>()).add(r);
    }
    return map;
  }
}
