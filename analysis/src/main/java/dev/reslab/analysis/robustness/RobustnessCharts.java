package dev.reslab.analysis.robustness;

import dev.reslab.analysis.plot.BarPlot;
import dev.reslab.analysis.plot.BarSeries;
import dev.reslab.analysis.plot.ChartSpec;
import dev.reslab.analysis.plot.Series;
import dev.reslab.analysis.plot.XyPlot;
import dev.reslab.model.io.CsvWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two charts of a robustness table, whatever its metric (accuracy of one class per image, macro
 * ROC AUC of a multi-label head): a metric against severity per corruption, and bars per corruption
 * and severity, clean first.
 */
final class RobustnessCharts {

  /**
   * One version of the data with its metric value.
   *
   * @param severity 0 clean, 1–5 a table's severity, −1 a direct parameter
   * @param lower the interval's lower bound, NaN when the metric has none
   */
  record Point(
      String corruption,
      int severity,
      double parameter,
      double value,
      double lower,
      double upper) {}

  private RobustnessCharts() {}

  /**
   * {@code metric} against severity (0 = clean) per corruption, with whiskers where the points have
   * intervals; points with direct parameters are plotted against their parameter instead.
   */
  static void curves(Path png, String title, String metric, Point clean, List<Point> corrupted) {
    boolean direct = corrupted.stream().anyMatch(p -> p.severity() < 0);
    List<Series> series = new ArrayList<>();
    for (Map.Entry<String, List<Point>> e : byCorruption(corrupted).entrySet()) {
      List<Point> points = new ArrayList<>();
      points.add(clean);
      points.addAll(e.getValue());
      int n = points.size();
      double[] x = new double[n];
      double[] y = new double[n];
      double[] lo = new double[n];
      double[] hi = new double[n];
      for (int i = 0; i < n; i++) {
        Point p = points.get(i);
        x[i] = direct ? p.parameter() : p.severity();
        y[i] = p.value();
        lo[i] = p.lower();
        hi[i] = p.upper();
      }
      boolean intervals = points.stream().noneMatch(p -> Double.isNaN(p.lower()));
      series.add(new Series(e.getKey(), x, y, intervals ? lo : null, intervals ? hi : null));
    }
    XyPlot.write(
        png,
        ChartSpec.of(title, direct ? "corruption parameter" : "severity (0 = clean)", metric),
        series,
        XyPlot.Style.LINES);
  }

  /**
   * Bars of {@code metric} per corruption, one bar per severity, with whiskers where the points
   * have intervals; the clean value is its own category on the left.
   */
  static void bars(Path png, String title, String metric, Point clean, List<Point> corrupted) {
    Map<String, List<Point>> byCorruption = byCorruption(corrupted);
    List<String> categories = new ArrayList<>();
    categories.add(RobustnessRow.CLEAN);
    categories.addAll(byCorruption.keySet());
    int levels = byCorruption.values().stream().mapToInt(List::size).max().orElse(0);
    boolean intervals = !Double.isNaN(clean.lower());
    List<BarSeries> series = new ArrayList<>();
    // The clean bar is a series of its own, so it is not coloured as the first severity.
    double[][] cleanBars = bars(categories.size());
    fill(cleanBars, 0, clean);
    series.add(barSeries(RobustnessRow.CLEAN, cleanBars, intervals));
    for (int level = 0; level < levels; level++) {
      double[][] v = bars(categories.size());
      int c = 1;
      String name = null;
      for (List<Point> list : byCorruption.values()) {
        Point p = level < list.size() ? list.get(level) : null;
        fill(v, c++, p);
        if (p != null && name == null) {
          name =
              p.severity() > 0
                  ? "severity " + p.severity()
                  : "parameter " + CsvWriter.number(p.parameter());
        }
      }
      series.add(barSeries(name == null ? "level " + (level + 1) : name, v, intervals));
    }
    BarPlot.write(png, ChartSpec.of(title, "corruption", metric), categories, series);
  }

  /** Values, lower and upper bounds of {@code n} bars, all NaN (no bar). */
  private static double[][] bars(int n) {
    double[][] v = new double[3][n];
    for (double[] a : v) {
      java.util.Arrays.fill(a, Double.NaN);
    }
    return v;
  }

  private static void fill(double[][] v, int i, Point p) {
    if (p != null) {
      v[0][i] = p.value();
      v[1][i] = p.lower();
      v[2][i] = p.upper();
    }
  }

  private static BarSeries barSeries(String name, double[][] v, boolean intervals) {
    return new BarSeries(name, v[0], intervals ? v[1] : null, intervals ? v[2] : null);
  }

  /** The points of each corruption, in table order. */
  static Map<String, List<Point>> byCorruption(List<Point> corrupted) {
    Map<String, List<Point>> map = new LinkedHashMap<>();
    for (Point p : corrupted) {
      map.computeIfAbsent(p.corruption(), k -> new ArrayList<>()).add(p);
    }
    return map;
  }
}
