package dev.reslab.analysis.plot;

/**
 * Title, axis titles and pixel size of a chart.
 *
 * @param title shown above the chart
 * @param xLabel x-axis title, e.g. {@code epoch}
 * @param yLabel y-axis title, e.g. {@code validation accuracy}
 * @param width pixels, at least 200
 * @param height pixels, at least 150
 */
public record ChartSpec(String title, String xLabel, String yLabel, int width, int height) {

  public ChartSpec {
    if (title == null || xLabel == null || yLabel == null) {
      throw new IllegalArgumentException("a chart needs a title and both axis titles");
    }
    if (width < 200 || height < 150) {
      throw new IllegalArgumentException(
          "a chart needs at least 200 x 150 pixels, got " + width + " x " + height);
    }
  }

  /** A chart of the default size, 900 × 560 pixels. */
  public static ChartSpec of(String title, String xLabel, String yLabel) {
    return new ChartSpec(title, xLabel, yLabel, 900, 560);
  }

  /** The same texts at another size. */
  public ChartSpec withSize(int newWidth, int newHeight) {
    return new ChartSpec(title, xLabel, yLabel, newWidth, newHeight);
  }
}
