package dev.reslab.analysis.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.analysis.inputs.ImageBatch;
import dev.reslab.analysis.metrics.ConfusionMatrix;
import dev.reslab.analysis.metrics.MultiLabelMetrics;
import dev.reslab.analysis.metrics.RocCurve;
import dev.reslab.analysis.robustness.Corruption;
import dev.reslab.analysis.robustness.SeverityTable;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Axis;
import org.knowm.xchart.internal.chartpart.Chart;

/** Renders every kind of plot; copies stay in target/plot-samples for a look by eye. */
class PlotTest {

  private static final Path SAMPLES = Path.of("target", "plot-samples");

  private static BufferedImage read(Path png) throws Exception {
    BufferedImage image = ImageIO.read(png.toFile());
    assertTrue(image != null, png + " is not a readable PNG");
    return image;
  }

  @Test
  void metricPerEpochForSeveralSeries() throws Exception {
    double[] epochs = {1, 2, 3, 4, 5, 6, 7, 8};
    List<Series> series =
        List.of(
            Series.of(
                "train accuracy", epochs, new double[] {.42, .55, .63, .69, .74, .78, .81, .83}),
            Series.of(
                "validation accuracy",
                epochs,
                new double[] {.40, .51, .58, .61, .64, .65, Double.NaN, .66}));
    XYChart chart =
        XyPlot.chart(
            ChartSpec.of("ResNet-18 on CIFAR-10", "epoch", "accuracy"), series, XyPlot.Style.LINES);
    assertEquals(2, chart.getSeriesMap().size());
    assertEquals(
        7,
        chart.getSeriesMap().get("validation accuracy").getXData().length,
        "the NaN epoch is left out");
    assertEquals("3", chart.getStyler().getxAxisTickLabelsFormattingFunction().apply(3.0));
    Path png = SAMPLES.resolve("metric-per-epoch.png");
    XyPlot.write(
        png,
        ChartSpec.of("ResNet-18 on CIFAR-10", "epoch", "accuracy"),
        series,
        XyPlot.Style.LINES);
    BufferedImage image = read(png);
    assertEquals(900, image.getWidth());
    assertEquals(560, image.getHeight());
    String svg = Files.readString(Figure.svgOf(png));
    assertTrue(
        svg.contains("viewBox=\"0 0 900 560\""),
        "an SVG of the chart's size"); // XChart draws text as paths
  }

  /**
   * The tick labels XChart really drew on the y axis, read from its axis after painting (XChart
   * keeps the axes package-private, hence reflection).
   */
  private static List<String> drawnYTicks(XYChart chart) throws Exception {
    BitmapEncoder.getBufferedImage(chart);
    var pairField = Chart.class.getDeclaredField("axisPair");
    pairField.setAccessible(true);
    Object pair = pairField.get(chart);
    var yAxis = pair.getClass().getDeclaredMethod("getYAxis");
    yAxis.setAccessible(true);
    var axis = (Axis<?, ?>) yAxis.invoke(pair);
    return axis.getAxisTickCalculator().getTickLabels().stream().filter(Objects::nonNull).toList();
  }

  @Test
  void tickLabelsAreRoundPercentagesOrNumbersWithTheDecimalsTheirStepNeeds() throws Exception {
    // y ranges as charts meet them: accuracies over epochs, a narrow band (0.1171875 is 15/128),
    // losses, tiny drops
    Object[][] cases = {
      {"val accuracy", new double[] {0.41, 0.62, 0.87, 0.9}, true},
      {"accuracy", new double[] {0.1171875, 0.1203125, 0.11875}, true},
      {"val loss", new double[] {2.31, 1.12, 0.57}, false},
      {"confidence drop", new double[] {0.0, 0.0012, 0.003}, true},
    };
    for (Object[] c : cases) {
      double[] y = (double[]) c[1];
      double[] x = new double[y.length];
      for (int i = 0; i < x.length; i++) {
        x[i] = i + 1;
      }
      XYChart chart =
          XyPlot.chart(
              ChartSpec.of("t", "epoch", (String) c[0]),
              List.of(Series.of("s", x, y)),
              XyPlot.Style.LINES);
      List<String> ticks = drawnYTicks(chart);
      assertTrue(ticks.size() >= 3, c[0] + ": ticks " + ticks);
      boolean percent = (Boolean) c[2];
      Set<Integer> decimals = new HashSet<>();
      double[] values = new double[ticks.size()];
      for (int i = 0; i < ticks.size(); i++) {
        String label = ticks.get(i);
        assertEquals(percent, label.endsWith(" %"), c[0] + ": " + label);
        String number = percent ? label.substring(0, label.length() - 2) : label;
        assertTrue(number.length() <= 5, c[0] + ": a short label, got " + ticks);
        int dot = number.indexOf('.');
        decimals.add(dot < 0 ? 0 : number.length() - dot - 1);
        values[i] = Double.parseDouble(number);
      }
      assertEquals(1, decimals.size(), c[0] + ": every tick with the same decimals " + ticks);
      // too few decimals would show equal or unevenly spaced neighbours
      for (int i = 2; i < values.length; i++) {
        assertEquals(
            values[1] - values[0], values[i] - values[i - 1], 1e-9, c[0] + ": even steps " + ticks);
      }
      assertTrue(values[1] > values[0], c[0] + ": " + ticks);
    }
    assertEquals("40 %", TickFormat.label(0.4, 0.05, true));
    assertEquals("11.7 %", TickFormat.label(0.1171875, 0.001, true));
    assertEquals("0.25", TickFormat.label(0.25, 0.05, false));
    assertEquals("0 %", TickFormat.label(-1e-17, 0.1, true));
  }

  @Test
  void aVariantHasOneColourInEveryChartOfItsStudy() throws Exception {
    Palette study = Palette.of(List.of("baseline", "-layer3.1", "width 0.875", "-layer4"));
    double[] x = {1, 2, 3};
    XYChart curves =
        XyPlot.chart(
            ChartSpec.of("per epoch", "epoch", "accuracy").withPalette(study),
            List.of(
                Series.of("baseline", x, new double[] {.5, .6, .7}),
                Series.of("-layer3.1", x, new double[] {.4, .5, .6}),
                Series.of("width 0.875", x, new double[] {.3, .4, .5})),
            XyPlot.Style.LINES);
    // another chart: other order, a variant left out, a series the study does not name
    XYChart points =
        XyPlot.chart(
            ChartSpec.of("vs parameters", "parameters", "accuracy").withPalette(study),
            List.of(
                Series.of("width 0.875", new double[] {1}, new double[] {.5}),
                Series.of("other", new double[] {2}, new double[] {.6}),
                Series.of("baseline", new double[] {3}, new double[] {.7})),
            XyPlot.Style.POINTS);
    for (String name : List.of("baseline", "width 0.875")) {
      assertEquals(
          curves.getSeriesMap().get(name).getLineColor(),
          points.getSeriesMap().get(name).getLineColor(),
          name);
    }
    Set<Color> inPoints = new HashSet<>();
    points.getSeriesMap().values().forEach(s -> inPoints.add(s.getLineColor()));
    assertEquals(
        3, inPoints.size(), "the unnamed series takes a colour no variant of the chart has");
    // bars of one series over the variants take the variants' colours
    List<String> variants = List.of("-layer4", "baseline", "-layer3.1");
    BufferedImage bars =
        BarPlot.render(
            ChartSpec.of("final accuracy", "variant", "accuracy").withPalette(study),
            variants,
            List.of(BarSeries.of("accuracy", new double[] {.6, .7, .65})));
    List<Color> expected = study.colors(variants);
    for (int v = 0; v < 3; v++) {
      assertTrue(count(bars, expected.get(v), 0, bars.getWidth()) > 500, variants.get(v));
      assertEquals(
          curves.getSeriesMap().containsKey(variants.get(v))
              ? curves.getSeriesMap().get(variants.get(v)).getLineColor()
              : expected.get(v),
          expected.get(v));
    }
    assertTrue(
        count(bars, Palette.color(2), 0, bars.getWidth()) == 0,
        "no bar in the colour of 'width 0.875', which it does not show");
  }

  /** The vector sibling of a figure: an SVG document whose text stays text. */
  private static void assertIsSvgWithText(Path svg, String text) throws Exception {
    assertTrue(Files.isRegularFile(svg), svg + " was written");
    String doc = Files.readString(svg);
    assertTrue(doc.contains("<svg"), doc.substring(0, Math.min(200, doc.length())));
    assertTrue(doc.contains(text), "the SVG holds the title as text: " + text);
  }

  @Test
  void accuracyAgainstAParameterWithIntervals() throws Exception {
    double[] sigma = {0, .04, .06, .08, .09, .10};
    double[] acc = {.91, .85, .78, .70, .66, .62};
    double[] lo = new double[acc.length];
    double[] hi = new double[acc.length];
    for (int i = 0; i < acc.length; i++) {
      lo[i] = acc[i] - .03;
      hi[i] = acc[i] + .02; // asymmetric on purpose
    }
    List<Series> series = List.of(new Series("gaussian_noise", sigma, acc, lo, hi));
    XYChart chart =
        XyPlot.chart(
            ChartSpec.of("Robustness", "noise sigma", "accuracy"), series, XyPlot.Style.POINTS);
    // the whisker series is centred on the interval with half its width as the error
    var whisker = chart.getSeriesMap().get("gaussian_noise interval");
    assertEquals(acc[2] - 0.005, whisker.getYData()[2], 1e-12);
    assertEquals(0.025, whisker.getExtraValues()[2], 1e-12);
    XyPlot.write(
        SAMPLES.resolve("accuracy-vs-sigma.png"),
        ChartSpec.of("Robustness to Gaussian noise", "noise standard deviation", "accuracy"),
        series,
        XyPlot.Style.LINES);
    read(SAMPLES.resolve("accuracy-vs-sigma.png"));
  }

  @Test
  void barsWithIntervalsAndNaN() throws Exception {
    List<String> corruptions = List.of("clean", "gaussian_noise", "salt_pepper", "gaussian_blur");
    List<BarSeries> series = new ArrayList<>();
    for (int s = 1; s <= 3; s++) {
      double[] v = {.91, .9 - .1 * s, .88 - .12 * s, s == 3 ? Double.NaN : .85 - .05 * s};
      double[] lo = new double[4];
      double[] hi = new double[4];
      for (int i = 0; i < 4; i++) {
        lo[i] = v[i] - .04;
        hi[i] = v[i] + .03;
      }
      series.add(new BarSeries("severity " + s, v, lo, hi));
    }
    Path png = SAMPLES.resolve("bars.png");
    BarPlot.write(
        png,
        ChartSpec.of("Accuracy under corruption", "corruption", "accuracy"),
        corruptions,
        series);
    assertIsSvgWithText(SAMPLES.resolve("bars.svg"), "Accuracy under corruption");
    BufferedImage image = read(png);
    for (int s = 0; s < 3; s++) {
      assertTrue(
          count(image, Palette.color(s), 0, image.getWidth()) > 500,
          "bars of series " + s + " drawn");
    }
    // severity 3 has no gaussian_blur bar: its colour is absent from the right quarter of the plot
    int plotRight = image.getWidth() - 20 - legendWidth(series);
    assertEquals(0, count(image, Palette.color(2), plotRight - (plotRight - 80) / 4, plotRight));
  }

  @Test
  void perClassBarsWithManyRotatedLabels() throws Exception {
    List<String> names = new ArrayList<>();
    double[] v = new double[40];
    for (int c = 0; c < 40; c++) {
      names.add("class_name_" + c);
      v[c] = 0.5 + 0.5 * Math.sin(c);
    }
    ChartSpec spec = ChartSpec.of("Per-class accuracy", "class", "accuracy");
    Path png = SAMPLES.resolve("per-class.png");
    BarPlot.write(png, spec, names, List.of(BarSeries.of("accuracy", v)));
    BufferedImage image = read(png);
    // The x axis is the lowest long dark row; the labels hang below it.
    int axis = -1;
    for (int y = image.getHeight() - 1; y >= 0 && axis < 0; y--) {
      if (darkRun(image, y) > image.getWidth() / 2) {
        axis = y;
      }
    }
    assertTrue(axis > image.getHeight() / 2, "x axis found at " + axis);
    // Below the axis, down to the axis title, the columns holding ink form 40 separate labels, left
    // to right.
    int labelsEnd = image.getHeight() - 30;
    int plotLeft =
        image.getWidth() / 2; // the axis line runs left from the middle to the plot's left edge
    while (dark(image.getRGB(plotLeft - 1, axis))) {
      plotLeft--;
    }
    List<String> labels = inkColumnRuns(image, plotLeft + 1, axis + 3, labelsEnd);
    assertEquals(
        40, labels.size(), "one label per class below y = " + axis + ": columns " + labels);
    // No label runs off the picture: the outermost columns and the last rows are background.
    for (int y = axis; y < image.getHeight(); y++) {
      for (int x : new int[] {0, 1, image.getWidth() - 2, image.getWidth() - 1}) {
        assertFalse(dark(image.getRGB(x, y)), "ink at the image edge (" + x + ", " + y + ")");
      }
    }
    for (int x = 0; x < image.getWidth(); x++) {
      assertFalse(dark(image.getRGB(x, image.getHeight() - 1)), "ink on the last row at x = " + x);
    }
  }

  private static boolean dark(int rgb) {
    Color c = new Color(rgb);
    return c.getRed() + c.getGreen() + c.getBlue() < 3 * 128;
  }

  private static int darkRun(BufferedImage image, int y) {
    int best = 0;
    int run = 0;
    for (int x = 0; x < image.getWidth(); x++) {
      run = dark(image.getRGB(x, y)) ? run + 1 : 0;
      best = Math.max(best, run);
    }
    return best;
  }

  /**
   * Groups of columns right of {@code left} that hold ink between rows {@code from} and {@code to};
   * gaps of up to 3 columns (between a rotated label's underscores and letters) do not split a
   * group.
   */
  private static List<String> inkColumnRuns(BufferedImage image, int left, int from, int to) {
    List<String> runs = new ArrayList<>();
    int start = -100;
    int lastInk = -100;
    for (int x = left; x < image.getWidth(); x++) {
      boolean d = false;
      for (int y = from; y < to && !d; y++) {
        d = dark(image.getRGB(x, y));
      }
      if (d) {
        if (x - lastInk > 4) {
          if (lastInk >= 0) {
            runs.add(start + "-" + lastInk);
          }
          start = x;
        }
        lastInk = x;
      }
    }
    if (lastInk >= 0) {
      runs.add(start + "-" + lastInk);
    }
    return runs;
  }

  @Test
  void heatmapCellsAreShadedByFractionOfTheTrueClass() throws Exception {
    // [[4,0],[1,3]]: fractions 1, 0 / .25, .75
    ConfusionMatrix m = ConfusionMatrix.of(new long[][] {{4, 0}, {1, 3}});
    List<String> names = List.of("cat", "dog");
    BufferedImage image = ConfusionHeatmap.render(m, names, "tiny");
    ConfusionHeatmap.Layout layout = ConfusionHeatmap.Layout.of(names);
    double[][] fractions = {{1, 0}, {.25, .75}};
    for (int t = 0; t < 2; t++) {
      for (int p = 0; p < 2; p++) {
        // a corner of the cell, clear of the count text in the middle
        int x = layout.left() + p * layout.cell() + 3;
        int y = layout.top() + t * layout.cell() + 3;
        assertEquals(
            ConfusionHeatmap.shade(fractions[t][p]).getRGB(),
            image.getRGB(x, y),
            "cell " + t + "," + p);
      }
    }
    assertEquals(Color.WHITE, ConfusionHeatmap.shade(0));
    assertEquals(new Color(8, 48, 107), ConfusionHeatmap.shade(1));
  }

  @Test
  void heatmapsOfTenAndOfAHundredClasses() throws Exception {
    String[] cifar = {
      "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"
    };
    long[][] counts = new long[10][10];
    for (int t = 0; t < 10; t++) {
      for (int p = 0; p < 10; p++) {
        counts[t][p] = t == p ? 80 + 2 * t : (t * 7 + p * 3) % 6;
      }
    }
    counts[3][5] = 31;
    counts[5][3] = 22;
    ConfusionHeatmap.write(
        SAMPLES.resolve("confusion-10.png"),
        ConfusionMatrix.of(counts),
        List.of(cifar),
        "Confusion matrix, CIFAR-10 test");
    long[][] big = new long[100][100];
    for (int t = 0; t < 100; t++) {
      big[t][t] = 50;
      big[t][(t + 1) % 100] = 10;
    }
    ConfusionMatrix bigMatrix = ConfusionMatrix.of(big);
    ConfusionHeatmap.write(SAMPLES.resolve("confusion-100.png"), bigMatrix, null, "100 classes");
    ConfusionHeatmap.write(
        SAMPLES.resolve("confusion-first-20.png"),
        bigMatrix.firstClasses(20),
        null,
        "first 20 of 100 classes");
    assertCells(
        read(SAMPLES.resolve("confusion-10.png")), ConfusionMatrix.of(counts), List.of(cifar));
    assertCells(read(SAMPLES.resolve("confusion-100.png")), bigMatrix, null);
    assertCells(read(SAMPLES.resolve("confusion-first-20.png")), bigMatrix.firstClasses(20), null);
  }

  /**
   * Every cell of every row, read back from the PNG, has the shade of its own fraction of the true
   * class.
   */
  private static void assertCells(BufferedImage image, ConfusionMatrix m, List<String> names) {
    int n = m.classes();
    ConfusionHeatmap.Layout layout = ConfusionHeatmap.Layout.of(m.names(names));
    assertTrue(layout.cell() >= 3, "cells of " + layout.cell() + " px");
    for (int t = 0; t < n; t++) {
      long rowTotal = 0;
      for (int p = 0; p < n; p++) {
        rowTotal += m.count(t, p);
      }
      for (int p = 0; p < n; p++) {
        // the cell's top-left pixel inside its border, clear of any count text in the middle
        int x = layout.left() + p * layout.cell() + 1;
        int y = layout.top() + t * layout.cell() + 1;
        int expected = ConfusionHeatmap.shade((double) m.count(t, p) / rowTotal).getRGB();
        assertEquals(expected, image.getRGB(x, y), "cell " + t + "," + p + " of " + n);
      }
    }
  }

  @Test
  void rocCurvesWithTheirAuc() throws Exception {
    MultiLabelMetrics m = new MultiLabelMetrics(2);
    Random random = new Random(3);
    float[] probs = new float[400];
    float[] truth = new float[400];
    for (int i = 0; i < 400; i++) {
      truth[i] = random.nextBoolean() ? 1 : 0;
      // label 0 separates well, label 1 barely
      double signal = i % 2 == 0 ? 1.5 : 0.3;
      probs[i] =
          (float)
              (1 / (1 + Math.exp(-(random.nextGaussian() + (truth[i] == 1 ? signal : -signal)))));
    }
    m.update(probs, truth, 200, 2);
    var curves = new LinkedHashMap<String, RocCurve>();
    curves.put("Smiling", m.rocCurve(0));
    curves.put("Wavy_Hair", m.rocCurve(1));
    XYChart chart = RocPlot.chart("ROC curves", curves);
    String name = String.format(Locale.ROOT, "Smiling (AUC %.3f)", m.auc(0));
    assertTrue(chart.getSeriesMap().containsKey(name), chart.getSeriesMap().keySet().toString());
    RocPlot.write(SAMPLES.resolve("roc.png"), "ROC curves", curves);
    read(SAMPLES.resolve("roc.png"));
  }

  @Test
  void imageGridOfCorruptions() throws Exception {
    // a 32 x 32 RGB gradient, corrupted at CIFAR-10-C severities 1, 3 and 5
    float[] pixels = new float[32 * 32 * 3];
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        pixels[(y * 32 + x) * 3] = x / 31f;
        pixels[(y * 32 + x) * 3 + 1] = y / 31f;
        pixels[(y * 32 + x) * 3 + 2] = (x + y) % 8 < 4 ? 0.8f : 0.2f;
      }
    }
    var batch = new ImageBatch(pixels, 1, 32, 32, 3);
    List<String> corruptions = List.of("gaussian_noise", "salt_pepper", "gaussian_blur");
    List<List<ImageGrid.Tile>> rows = new ArrayList<>();
    for (String c : corruptions) {
      List<ImageGrid.Tile> row = new ArrayList<>();
      row.add(new ImageGrid.Tile(pixels, 32, 32, 3));
      for (int s : new int[] {1, 3, 5}) {
        var out = Corruption.of(c, SeverityTable.CIFAR10_C, s).apply(batch, 1);
        row.add(new ImageGrid.Tile(out.image(0), 32, 32, 3));
      }
      rows.add(row);
    }
    BufferedImage grid =
        ImageGrid.render(
            "CIFAR-10-C severities",
            corruptions,
            List.of("clean", "severity 1", "severity 3", "severity 5"),
            rows,
            96,
            null);
    // the clean tile's top-left pixel block is the image's first pixel (0, 0, 0.8) scaled 3 x
    int left = grid.getWidth() - 4 * (96 + 6) - 6;
    assertEquals(new Color(0, 0, 204).getRGB(), grid.getRGB(left + 6 + 1, 44 + 22 + 6 + 1));
    PngFile.write(SAMPLES.resolve("corruption-grid.png"), grid);
    assertEquals(
        "row 0 has 1 images for 4 columns",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    ImageGrid.render(
                        "t",
                        List.of("a"),
                        List.of("1", "2", "3", "4"),
                        List.of(List.of(rows.get(0).get(0))),
                        32,
                        null))
            .getMessage());
  }

  @Test
  void badInput() {
    ChartSpec spec = ChartSpec.of("t", "x", "y");
    assertEquals(
        "bar series 'a' has 1 values for 2 categories",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    BarPlot.render(
                        spec, List.of("p", "q"), List.of(BarSeries.of("a", new double[] {1}))))
            .getMessage());
    assertEquals(
        "series 'a' has 2 x values but 1 y values",
        assertThrows(
                IllegalArgumentException.class, () -> Series.of("a", new double[2], new double[1]))
            .getMessage());
    assertEquals(
        "nothing to plot in 't': every value is NaN",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    XyPlot.chart(
                        spec,
                        List.of(Series.of("a", new double[] {1}, new double[] {Double.NaN})),
                        XyPlot.Style.LINES))
            .getMessage());
    assertEquals(
        "a chart needs at least 200 x 150 pixels, got 10 x 10",
        assertThrows(IllegalArgumentException.class, () -> spec.withSize(10, 10)).getMessage());
  }

  private static int legendWidth(List<BarSeries> series) {
    BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    var g = probe.createGraphics();
    g.setFont(TextDrawing.TICK);
    int w = 0;
    for (BarSeries s : series) {
      w = Math.max(w, g.getFontMetrics().stringWidth(s.name()));
    }
    g.dispose();
    return w + 48;
  }

  private static int count(BufferedImage image, Color color, int fromX, int toX) {
    int n = 0;
    for (int x = Math.max(0, fromX); x < Math.min(image.getWidth(), toX); x++) {
      for (int y = 0; y < image.getHeight(); y++) {
        n += image.getRGB(x, y) == color.getRGB() ? 1 : 0;
      }
    }
    return n;
  }
}
