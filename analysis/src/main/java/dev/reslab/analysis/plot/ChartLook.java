package dev.reslab.analysis.plot;

import java.awt.Color;
import java.awt.Font;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/**
 * One look for every XChart chart: white background, large enough fonts, legend outside the plot.
 */
final class ChartLook {

  private ChartLook() {}

  static void apply(AxesChartStyler styler) {
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    styler.setLegendPosition(Styler.LegendPosition.OutsideE);
    styler.setChartTitleBoxVisible(false);
    styler.setLegendBorderColor(Color.LIGHT_GRAY);
    styler.setSeriesColors(Palette.all());
    styler.setAntiAlias(true);
    styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
    styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    styler.setPlotGridLinesColor(new Color(225, 225, 225));
    styler.setPlotBorderColor(Color.GRAY);
    styler.setErrorBarsColorSeriesColor(true);
  }

  /**
   * Tick labels by {@link TickFormat}: the y axis as the spec says (percentages for fractions), the
   * x axis as whole numbers when every x is one.
   */
  static void ticks(
      XYChart chart, ChartSpec spec, double[] yRange, double[] xRange, boolean integerX) {
    AxesChartStyler styler = chart.getStyler();
    styler.setyAxisTickLabelsFormattingFunction(
        TickFormat.yAxis(yRange[0], yRange[1], spec.height(), spec.yPercent()));
    styler.setxAxisTickLabelsFormattingFunction(
        integerX
            ? TickFormat.integers()
            : TickFormat.xAxis(xRange[0], xRange[1], spec.width(), false));
  }
}
