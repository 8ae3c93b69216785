package dev.reslab.analysis.plot;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import dev.reslab.model.io.AtomicFiles;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * A chart drawn once per output format: PNG for the HTML reports, and beside it an SVG of the same
 * name for papers (vector, so it scales and its text stays text).
 *
 * @param width pixels (PNG) or points (SVG)
 * @param height pixels or points
 * @param drawing draws on a white canvas of that size
 */
public record Figure(int width, int height, Consumer<Graphics2D> drawing) {

  /** The figure as an image. */
  public BufferedImage toImage() {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = TextDrawing.canvas(image);
    drawing.accept(g);
    g.dispose();
    return image;
  }

  /** Writes {@code png} and its {@link #svgOf SVG} sibling, each atomically. */
  public void write(Path png) {
    PngFile.write(png, toImage());
    VectorGraphics2D g = new VectorGraphics2D();
    TextDrawing.prepare(g, width, height);
    drawing.accept(g);
    g.dispose();
    AtomicFiles.write(
        svgOf(png),
        out ->
            new SVGProcessor()
                .getDocument(g.getCommands(), new PageSize(0, 0, width, height))
                .writeTo(out));
  }

  /** Writes an XChart chart as {@code png} and its SVG sibling. */
  public static void write(Path png, Chart<?, ?> chart) {
    PngFile.write(png, chart);
    AtomicFiles.write(
        svgOf(png),
        out ->
            VectorGraphicsEncoder.saveVectorGraphic(
                chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG));
  }

  /**
   * XChart charts as panels of one figure, {@code columns} to a row, each drawn at its own size in
   * a cell as large as the largest (e.g. one slice plot per hyperparameter).
   */
  public static Figure panels(List<? extends Chart<?, ?>> charts, int columns) {
    if (charts.isEmpty() || columns < 1) {
      throw new IllegalArgumentException(
          "panels need at least one chart and one column, got "
              + charts.size()
              + " charts in "
              + columns
              + " columns");
    }
    int cellWidth = charts.stream().mapToInt(Chart::getWidth).max().orElseThrow();
    int cellHeight = charts.stream().mapToInt(Chart::getHeight).max().orElseThrow();
    int cols = Math.min(columns, charts.size());
    int rows = (charts.size() + cols - 1) / cols;
    return new Figure(
        cellWidth * cols,
        cellHeight * rows,
        g -> {
          for (int i = 0; i < charts.size(); i++) {
            Chart<?, ?> chart = charts.get(i);
            Graphics2D cell = (Graphics2D) g.create();
            cell.translate((i % cols) * cellWidth, (i / cols) * cellHeight);
            chart.paint(cell, chart.getWidth(), chart.getHeight());
            cell.dispose();
          }
        });
  }

  /** {@code plot.png} → {@code plot.svg}. */
  public static Path svgOf(Path png) {
    String name = png.getFileName().toString();
    return png.resolveSibling(
        (name.endsWith(".png") ? name.substring(0, name.length() - 4) : name) + ".svg");
  }
}
