package dev.reslab.analysis.plot;

import dev.reslab.analysis.metrics.RocCurve;
import java.awt.Color;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * ROC curves of several labels on one square chart, each named with its AUC, over the chance
 * diagonal.
 */
public final class RocPlot {

  private RocPlot() {}

  /** Writes the curves, keyed by label name, to {@code png} atomically. */
  public static void write(Path png, String title, Map<String, RocCurve> curves) {
    Figure.write(png, chart(title, curves));
  }

  /** The chart, 700 × 600 pixels. */
  public static XYChart chart(String title, Map<String, RocCurve> curves) {
    if (curves.isEmpty()) {
      throw new IllegalArgumentException("nothing to plot in '" + title + "': no ROC curves");
    }
    XYChart chart =
        new XYChartBuilder()
            .width(700)
            .height(600)
            .title(title)
            .xAxisTitle("false positive rate")
            .yAxisTitle("true positive rate")
            .build();
    ChartLook.apply(chart.getStyler());
    chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
    chart.getStyler().setxAxisTickLabelsFormattingFunction(v -> TickFormat.label(v, 0.1, false));
    chart.getStyler().setyAxisTickLabelsFormattingFunction(v -> TickFormat.label(v, 0.1, false));
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
    XYSeries chance = chart.addSeries("chance", new double[] {0, 1}, new double[] {0, 1});
    chance.setLineStyle(SeriesLines.DASH_DASH);
    chance.setLineColor(Color.GRAY);
    chance.setMarker(SeriesMarkers.NONE);
    chance.setShowInLegend(false);
    int i = 0;
    for (Map.Entry<String, RocCurve> e : curves.entrySet()) {
      RocCurve c = e.getValue();
      String name = String.format(Locale.ROOT, "%s (AUC %.3f)", e.getKey(), c.trapezoidalArea());
      XYSeries s = chart.addSeries(name, c.falsePositiveRate(), c.truePositiveRate());
      s.setMarker(SeriesMarkers.NONE);
      s.setLineColor(Palette.color(i++));
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    }
    return chart;
  }
}
