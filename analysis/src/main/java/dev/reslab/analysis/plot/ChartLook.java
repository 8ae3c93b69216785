package dev.reslab.analysis.plot;

import java.awt.Color;
import java.awt.Font;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/**
 * One look for every XChart chart: white background, large enough fonts, legend outside the plot.
 */
final class ChartLook {

  /** Colour-blind-safe palette (Okabe–Ito), in series order. */
  static final Color[] PALETTE = {
    new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115), new Color(204, 121, 167),
    new Color(230, 159, 0), new Color(86, 180, 233), new Color(0, 0, 0), new Color(240, 228, 66)
  };

  private ChartLook() {}

  static void apply(AxesChartStyler styler) {
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    styler.setLegendPosition(Styler.LegendPosition.OutsideE);
    styler.setChartTitleBoxVisible(false);
    styler.setLegendBorderColor(Color.LIGHT_GRAY);
    styler.setSeriesColors(PALETTE);
    styler.setAntiAlias(true);
    styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
    styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    styler.setPlotGridLinesColor(new Color(225, 225, 225));
    styler.setPlotBorderColor(Color.GRAY);
    styler.setErrorBarsColorSeriesColor(true);
  }

  static Color color(int series) {
    return PALETTE[series % PALETTE.length];
  }
}
