package dev.reslab.analysis.plot;

import dev.reslab.analysis.metrics.MetricNames;

/**
 * Title, axis titles, pixel size, y-axis unit and series colours of a chart.
 *
 * @param title shown above the chart
 * @param xLabel x-axis title, e.g. {@code epoch}
 * @param yLabel y-axis title, e.g. {@code validation accuracy}
 * @param width pixels, at least 200
 * @param height pixels, at least 150
 * @param yPercent y values are fractions, labelled as percentages ({@code 40 %})
 * @param palette which colour each named series gets
 */
public record ChartSpec(
    String title,
    String xLabel,
    String yLabel,
    int width,
    int height,
    boolean yPercent,
    Palette palette) {

  public ChartSpec {
    if (title == null || xLabel == null || yLabel == null) {
      throw new IllegalArgumentException("a chart needs a title and both axis titles");
    }
    if (width < 200 || height < 150) {
      throw new IllegalArgumentException(
          "a chart needs at least 200 x 150 pixels, got " + width + " x " + height);
    }
    if (palette == null) {
      palette = Palette.seriesOrder();
    }
  }

  /**
   * A chart of that size whose y axis shows percentages when its title names a fraction (accuracy,
   * F1, AUC, a drop; see {@link MetricNames#isFraction}), colours by series order.
   */
  public ChartSpec(String title, String xLabel, String yLabel, int width, int height) {
    this(
        title,
        xLabel,
        yLabel,
        width,
        height,
        yLabel != null && MetricNames.isFraction(yLabel),
        Palette.seriesOrder());
  }

  /** A chart of the default size, 900 × 560 pixels. */
  public static ChartSpec of(String title, String xLabel, String yLabel) {
    return new ChartSpec(title, xLabel, yLabel, 900, 560);
  }

  /** The same chart at another size. */
  public ChartSpec withSize(int newWidth, int newHeight) {
    return new ChartSpec(title, xLabel, yLabel, newWidth, newHeight, yPercent, palette);
  }

  /** The same chart with the y axis in percentages, or not. */
  public ChartSpec withYPercent(boolean percent) {
    return new ChartSpec(title, xLabel, yLabel, width, height, percent, palette);
  }

  /** The same chart with series coloured by {@code p} (a study's variants). */
  public ChartSpec withPalette(Palette p) {
    return new ChartSpec(title, xLabel, yLabel, width, height, yPercent, p);
  }
}
