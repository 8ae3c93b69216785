package dev.reslab.analysis.plot;

import dev.reslab.analysis.metrics.ConfusionMatrix;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * A confusion matrix as a heatmap: rows are true classes, columns predicted classes, each cell
 * shaded by the fraction of its true class (so rare and common classes read alike) and labelled
 * with its count when the cell is large enough. Class names label both axes; with many classes only
 * every k-th name is shown so they stay legible. For a readable excerpt of a large matrix use
 * {@link ConfusionMatrix#firstClasses(int)}.
 */
public final class ConfusionHeatmap {

  private static final Color DARK = new Color(8, 48, 107);

  private ConfusionHeatmap() {}

  /** Draws the heatmap and writes it to {@code png} atomically. */
  public static void write(
      Path png, ConfusionMatrix matrix, List<String> classNames, String title) {
    figure(matrix, classNames, title).write(png);
  }

  /**
   * Draws the heatmap.
   *
   * @param classNames one per class, or {@code null} for the indices
   */
  public static BufferedImage render(
      ConfusionMatrix matrix, List<String> classNames, String title) {
    return figure(matrix, classNames, title).toImage();
  }

  /** The heatmap as a figure (PNG and SVG). */
  public static Figure figure(ConfusionMatrix matrix, List<String> classNames, String title) {
    List<String> names = matrix.names(classNames);
    int n = matrix.classes();
    Layout layout = Layout.of(names);
    int cell = layout.cell();
    int left = layout.left();
    int top = layout.top();
    int grid = cell * n;
    int labelWidth = layout.labelWidth();
    int every = (int) Math.ceil(14.0 / cell); // a label per `every` classes keeps them 14 px apart
    Font labelFont = layout.labelFont();
    int bottom = labelWidth + 8 + 40;
    int right = 124; // colour bar and its labels
    int width = Math.max(left + grid + right, 480);
    int height = top + grid + bottom;
    return new Figure(
        width,
        height,
        g -> {
          long[][] counts = matrix.counts();
          Font countFont =
              new Font(Font.SANS_SERIF, Font.PLAIN, Math.min(13, Math.max(9, cell / 3)));
          g.setFont(countFont);
          for (int t = 0; t < n; t++) {
            long support = matrix.support(t);
            for (int p = 0; p < n; p++) {
              double fraction = support == 0 ? 0 : (double) counts[t][p] / support;
              int x = left + p * cell;
              int y = top + t * cell;
              g.setColor(shade(fraction));
              g.fillRect(x, y, cell, cell);
              String text = Long.toString(counts[t][p]);
              if (cell >= 22 && g.getFontMetrics().stringWidth(text) <= cell - 4) {
                g.setColor(fraction > 0.5 ? Color.WHITE : Color.BLACK);
                TextDrawing.centred(g, text, x + cell / 2.0, y + cell / 2.0);
              }
            }
          }
          g.setColor(Color.GRAY);
          g.drawRect(left, top, grid, grid);

          g.setFont(labelFont);
          g.setColor(Color.BLACK);
          for (int c = 0; c < n; c += every) {
            String label = TextDrawing.fit(g, names.get(c), 160);
            double centre = c * cell + cell / 2.0;
            TextDrawing.rightAligned(g, label, left - 6, top + centre);
            TextDrawing.rotated(
                g,
                label,
                left + centre + g.getFontMetrics().getAscent() / 3.0,
                top + grid + 6,
                -90,
                true);
          }

          g.setFont(TextDrawing.AXIS_TITLE);
          TextDrawing.centred(g, "predicted class", left + grid / 2.0, height - 18);
          TextDrawing.rotated(g, "true class", 18, top + grid / 2.0, -90, false);
          g.setFont(TextDrawing.TITLE);
          TextDrawing.centred(g, TextDrawing.fit(g, title, width - 20), width / 2.0, 26);

          // colour bar: fraction of the true class
          int barX = left + grid + 24;
          int barHeight = Math.max(60, Math.min(grid, 300));
          for (int i = 0; i < barHeight; i++) {
            g.setColor(shade(1 - (double) i / (barHeight - 1)));
            g.fillRect(barX, top + i, 16, 1);
          }
          g.setColor(Color.GRAY);
          g.drawRect(barX, top, 16, barHeight);
          g.setFont(TextDrawing.TICK);
          g.setColor(Color.BLACK);
          for (double v : new double[] {0, 0.5, 1}) {
            g.drawString(
                TickFormat.label(v, 0.5, true), barX + 22, (float) (top + (1 - v) * barHeight + 5));
          }
          TextDrawing.rotated(
              g, "fraction of true class", barX + 76, top + barHeight / 2.0, -90, false);
        });
  }

  /** Where the cells are: cell (t, p) spans x from left + p·cell, y from top + t·cell. */
  record Layout(int cell, int left, int top, int labelWidth, Font labelFont) {

    static Layout of(List<String> names) {
      int n = names.size();
      int cell = Math.max(3, Math.min(56, 760 / n));
      Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(10, Math.min(13, cell - 2)));
      BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = probe.createGraphics();
      g.setFont(labelFont);
      int labelWidth = 0;
      for (String name : names) {
        labelWidth = Math.max(labelWidth, Math.min(160, g.getFontMetrics().stringWidth(name)));
      }
      g.dispose();
      return new Layout(cell, 40 + labelWidth + 8, 56, labelWidth, labelFont);
    }
  }

  /** White at 0 to dark blue at 1; a square-root ramp so small confusions still show. */
  static Color shade(double fraction) {
    double f = Math.sqrt(Math.max(0, Math.min(1, fraction)));
    return new Color(
        mix(255, DARK.getRed(), f), mix(255, DARK.getGreen(), f), mix(255, DARK.getBlue(), f));
  }

  private static int mix(int from, int to, double f) {
    return (int) Math.round(from + (to - from) * f);
  }
}
