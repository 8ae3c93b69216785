package dev.reslab.analysis.plot;

import java.awt.Color;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Charts of y against a number: a metric per epoch for several runs or splits ({@link
 * Style#LINES}), or accuracy against a parameter such as noise level or width factor ({@link
 * Style#LINES} for severity curves, {@link Style#POINTS} for scattered results). Intervals, when a
 * series has them, are whiskers from lower to upper.
 */
public final class XyPlot {

  /** How points are drawn. */
  public enum Style {
    /** Points joined by lines, with markers. */
    LINES,
    /** Markers only. */
    POINTS
  }

  private XyPlot() {}

  /** Draws {@code series} and writes the chart to {@code png} atomically. */
  public static void write(Path png, ChartSpec spec, List<Series> series, Style style) {
    Figure.write(png, chart(spec, series, style));
  }

  /**
   * Adds a point marked with an upward triangle in the colour of the series named {@code
   * seriesName} (e.g. where a curve turns), left out of the legend.
   */
  public static void mark(XYChart chart, String seriesName, String name, double x, double y) {
    mark(chart, seriesName, name, x, y, SeriesMarkers.TRIANGLE_UP);
  }

  /**
   * Adds a point drawn with {@code marker} (e.g. a cross where a trial was pruned) in the colour of
   * the series named {@code seriesName}, left out of the legend.
   */
  public static void mark(
      XYChart chart, String seriesName, String name, double x, double y, Marker marker) {
    XYSeries line = chart.getSeriesMap().get(seriesName);
    if (line == null) {
      throw new IllegalArgumentException("no series '" + seriesName + "' to mark a point on");
    }
    XYSeries mark = chart.addSeries(name, new double[] {x}, new double[] {y});
    mark.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    mark.setMarker(marker);
    mark.setMarkerColor(line.getLineColor());
    mark.setShowInLegend(false);
  }

  /** The chart, for callers who want to adjust it before writing. */
  public static XYChart chart(ChartSpec spec, List<Series> series, Style style) {
    if (series.isEmpty()) {
      throw new IllegalArgumentException("nothing to plot in '" + spec.title() + "': no series");
    }
    XYChart chart =
        new XYChartBuilder()
            .width(spec.width())
            .height(spec.height())
            .title(spec.title())
            .xAxisTitle(spec.xLabel())
            .yAxisTitle(spec.yLabel())
            .build();
    ChartLook.apply(chart.getStyler());
    chart.getStyler().setMarkerSize(7);
    boolean integerX = true;
    double[] xRange = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    double[] yRange = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    List<Color> colors = spec.palette().colors(series.stream().map(Series::name).toList());
    int drawn = 0;
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      FinitePoints points = FinitePoints.of(s);
      if (points.size() == 0) {
        continue;
      }
      for (int j = 0; j < points.size(); j++) {
        double x = points.x[j];
        integerX &= x == Math.rint(x);
        widen(xRange, x);
        widen(yRange, points.y[j]);
        if (s.hasInterval()) {
          widen(yRange, points.centre[j] - points.halfWidth[j]);
          widen(yRange, points.centre[j] + points.halfWidth[j]);
        }
      }
      XYSeries line = chart.addSeries(s.name(), points.x, points.y);
      line.setLineColor(colors.get(i));
      line.setMarkerColor(colors.get(i));
      line.setMarker(SeriesMarkers.CIRCLE);
      line.setXYSeriesRenderStyle(
          style == Style.LINES
              ? XYSeries.XYSeriesRenderStyle.Line
              : XYSeries.XYSeriesRenderStyle.Scatter);
      if (s.hasInterval()) {
        // XChart's error bars are symmetric: centre an invisible series on the interval so the
        // whisker spans it
        XYSeries whisker =
            chart.addSeries(s.name() + " interval", points.x, points.centre, points.halfWidth);
        whisker.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        whisker.setMarker(SeriesMarkers.NONE);
        whisker.setLineStyle(SeriesLines.NONE);
        whisker.setLineColor(colors.get(i));
        whisker.setMarkerColor(colors.get(i));
        whisker.setShowInLegend(false);
      }
      drawn++;
    }
    if (drawn == 0) {
      throw new IllegalArgumentException(
          "nothing to plot in '" + spec.title() + "': every value is NaN");
    }
    // epochs and severities get no "1.5" ticks; accuracies read "40 %"
    ChartLook.ticks(chart, spec, yRange, xRange, integerX);
    chart.getStyler().setLegendVisible(series.size() > 1 || drawn > 1);
    return chart;
  }

  private static void widen(double[] range, double v) {
    range[0] = Math.min(range[0], v);
    range[1] = Math.max(range[1], v);
  }

  /** The points of a series whose y (and interval) are finite. */
  private static final class FinitePoints {
    final double[] x;
    final double[] y;
    final double[] centre;
    final double[] halfWidth;

    private FinitePoints(int n) {
      x = new double[n];
      y = new double[n];
      centre = new double[n];
      halfWidth = new double[n];
    }

    int size() {
      return x.length;
    }

    static FinitePoints of(Series s) {
      int n = 0;
      for (int i = 0; i < s.y().length; i++) {
        n += keep(s, i) ? 1 : 0;
      }
      FinitePoints p = new FinitePoints(n);
      int j = 0;
      for (int i = 0; i < s.y().length; i++) {
        if (keep(s, i)) {
          p.x[j] = s.x()[i];
          p.y[j] = s.y()[i];
          if (s.hasInterval()) {
            p.centre[j] = (s.lower()[i] + s.upper()[i]) / 2;
            p.halfWidth[j] = (s.upper()[i] - s.lower()[i]) / 2;
          }
          j++;
        }
      }
      return p;
    }

    private static boolean keep(Series s, int i) {
      boolean finite = Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i]);
      return finite
          && (!s.hasInterval() || Double.isFinite(s.lower()[i]) && Double.isFinite(s.upper()[i]));
    }
  }
}
