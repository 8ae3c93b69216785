package dev.reslab.analysis.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Grouped bar charts with interval whiskers, e.g. accuracy per corruption (one bar per severity) or
 * per class (with Wilson intervals). Drawn with Java2D rather than XChart because XChart's error
 * bars are symmetric and its overlay series take their own bar slot, while the intervals here are
 * asymmetric. NaN values leave their bar out, and a category's remaining bars close up around its
 * centre. Category labels are turned 45° or 90° when they do not fit side by side.
 */
public final class BarPlot {

  private static final Color AXIS = new Color(90, 90, 90);
  private static final Color GRID = new Color(225, 225, 225);
  private static final Color WHISKER = new Color(40, 40, 40);

  private BarPlot() {}

  /** Draws the bars and writes them to {@code png} atomically. */
  public static void write(
      Path png, ChartSpec spec, List<String> categories, List<BarSeries> series) {
    figure(spec, categories, series).write(png);
  }

  /** Draws the bars. */
  public static BufferedImage render(
      ChartSpec spec, List<String> categories, List<BarSeries> series) {
    return figure(spec, categories, series).toImage();
  }

  /** The bars as a figure (PNG and SVG). */
  public static Figure figure(ChartSpec spec, List<String> categories, List<BarSeries> series) {
    check(spec, categories, series);
    return new Figure(spec.width(), spec.height(), g -> draw(g, spec, categories, series));
  }

  private static void draw(
      Graphics2D g, ChartSpec spec, List<String> categories, List<BarSeries> series) {
    NiceScale scale = scale(series);
    List<Color> colors = spec.palette().colors(series.stream().map(BarSeries::name).toList());
    // one series over named things the palette knows (a study's variants): each bar in its colour
    List<Color> categoryColors =
        series.size() == 1 && spec.palette().knowsAll(categories)
            ? spec.palette().colors(categories)
            : null;

    // margins: title on top, legend on the right, y tick labels and title on the left, category
    // labels below
    int top = 48;
    g.setFont(TextDrawing.TICK);
    int tickWidth = 0;
    for (double t : scale.ticks()) {
      tickWidth =
          Math.max(tickWidth, g.getFontMetrics().stringWidth(scale.label(t, spec.yPercent())));
    }
    int left = tickWidth + 46;
    int legendWidth = 0;
    if (series.size() > 1) {
      for (BarSeries s : series) {
        legendWidth = Math.max(legendWidth, g.getFontMetrics().stringWidth(s.name()));
      }
      legendWidth += 48;
    }
    int right = 20 + legendWidth;
    int plotWidth = spec.width() - left - right;
    double slot = (double) plotWidth / categories.size();
    int labelWidth = 0;
    for (String c : categories) {
      labelWidth = Math.max(labelWidth, g.getFontMetrics().stringWidth(c));
    }
    int lineHeight = g.getFontMetrics().getHeight();
    double angle = labelWidth <= slot - 6 ? 0 : slot >= lineHeight * 1.6 ? -45 : -90;
    int maxLabel = (int) (spec.height() * 0.3);
    int labelDepth =
        angle == 0
            ? lineHeight
            : (int)
                Math.min(
                    maxLabel, labelWidth * Math.abs(Math.sin(Math.toRadians(angle))) + lineHeight);
    int bottom = labelDepth + 44;
    int plotHeight = spec.height() - top - bottom;
    if (plotWidth < 50 || plotHeight < 50) {
      throw new IllegalArgumentException(
          "chart '"
              + spec.title()
              + "' is too small for its labels: "
              + spec.width()
              + " x "
              + spec.height()
              + " pixels");
    }
    Rectangle2D plot = new Rectangle2D.Double(left, top, plotWidth, plotHeight);

    // grid and y ticks
    for (double t : scale.ticks()) {
      double y = y(plot, scale, t);
      g.setColor(GRID);
      g.draw(new Line2D.Double(plot.getMinX(), y, plot.getMaxX(), y));
      g.setColor(Color.BLACK);
      TextDrawing.rightAligned(g, scale.label(t, spec.yPercent()), plot.getMinX() - 6, y);
    }

    // bars and whiskers
    // A category shows only its finite bars, side by side and centred (a clean bar alone, a missing
    // severity
    // leaves no hole); every bar has the width of the fullest category's.
    int[] present = new int[categories.size()];
    int[][] position = new int[series.size()][categories.size()];
    for (int c = 0; c < categories.size(); c++) {
      for (int s = 0; s < series.size(); s++) {
        position[s][c] = Double.isFinite(series.get(s).values()[c]) ? present[c]++ : -1;
      }
    }
    double group = slot * 0.8;
    double bar = group / Math.max(1, Arrays.stream(present).max().orElse(1));
    double zero = y(plot, scale, Math.max(scale.min(), Math.min(scale.max(), 0)));
    for (int s = 0; s < series.size(); s++) {
      BarSeries b = series.get(s);
      for (int c = 0; c < categories.size(); c++) {
        double v = b.values()[c];
        if (position[s][c] < 0) {
          continue;
        }
        double x = plot.getMinX() + (c + 0.5) * slot - present[c] * bar / 2 + position[s][c] * bar;
        double yv = y(plot, scale, v);
        g.setColor(categoryColors != null ? categoryColors.get(c) : colors.get(s));
        g.fill(
            new Rectangle2D.Double(
                x + bar * 0.05, Math.min(yv, zero), bar * 0.9, Math.abs(zero - yv)));
        if (b.hasInterval() && Double.isFinite(b.lower()[c]) && Double.isFinite(b.upper()[c])) {
          double mid = x + bar / 2;
          double cap = Math.min(bar * 0.35, 8);
          double lo = y(plot, scale, b.lower()[c]);
          double hi = y(plot, scale, b.upper()[c]);
          g.setColor(WHISKER);
          g.setStroke(new BasicStroke(1.5f));
          g.draw(new Line2D.Double(mid, lo, mid, hi));
          g.draw(new Line2D.Double(mid - cap, lo, mid + cap, lo));
          g.draw(new Line2D.Double(mid - cap, hi, mid + cap, hi));
          g.setStroke(new BasicStroke(1f));
        }
      }
    }

    // axes, category labels, titles
    g.setColor(AXIS);
    g.draw(new Line2D.Double(plot.getMinX(), plot.getMinY(), plot.getMinX(), plot.getMaxY()));
    g.draw(new Line2D.Double(plot.getMinX(), zero, plot.getMaxX(), zero));
    g.setColor(Color.BLACK);
    int room = angle == 0 ? (int) slot : maxLabel;
    for (int c = 0; c < categories.size(); c++) {
      double x = plot.getMinX() + (c + 0.5) * slot;
      String label = TextDrawing.fit(g, categories.get(c), room);
      if (angle == 0) {
        TextDrawing.centred(g, label, x, plot.getMaxY() + 6 + lineHeight / 2.0);
      } else {
        TextDrawing.rotated(
            g, label, x + (angle == -90 ? lineHeight / 3.0 : 0), plot.getMaxY() + 8, angle, true);
      }
    }
    g.setFont(TextDrawing.AXIS_TITLE);
    TextDrawing.centred(g, spec.xLabel(), plot.getCenterX(), spec.height() - 18);
    TextDrawing.rotated(g, spec.yLabel(), 18, plot.getCenterY(), -90, false);
    g.setFont(TextDrawing.TITLE);
    TextDrawing.centred(g, spec.title(), spec.width() / 2.0, 24);

    if (series.size() > 1) {
      g.setFont(TextDrawing.TICK);
      double lx = plot.getMaxX() + 20;
      double ly = plot.getMinY() + 10;
      for (int s = 0; s < series.size(); s++) {
        g.setColor(colors.get(s));
        g.fill(new Rectangle2D.Double(lx, ly + s * 22, 14, 14));
        g.setColor(Color.BLACK);
        g.drawString(series.get(s).name(), (float) (lx + 22), (float) (ly + s * 22 + 12));
      }
    }
  }

  private static double y(Rectangle2D plot, NiceScale scale, double v) {
    return plot.getMaxY() - (v - scale.min()) / (scale.max() - scale.min()) * plot.getHeight();
  }

  private static NiceScale scale(List<BarSeries> series) {
    double lo = 0;
    double hi = 0;
    for (BarSeries s : series) {
      for (int i = 0; i < s.values().length; i++) {
        double v = s.values()[i];
        if (Double.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
        if (s.hasInterval() && Double.isFinite(s.lower()[i]) && Double.isFinite(s.upper()[i])) {
          lo = Math.min(lo, s.lower()[i]);
          hi = Math.max(hi, s.upper()[i]);
        }
      }
    }
    return NiceScale.of(lo, hi, 6);
  }

  private static void check(ChartSpec spec, List<String> categories, List<BarSeries> series) {
    if (categories.isEmpty() || series.isEmpty()) {
      throw new IllegalArgumentException(
          "nothing to plot in '"
              + spec.title()
              + "': "
              + categories.size()
              + " categories, "
              + series.size()
              + " series");
    }
    for (BarSeries s : series) {
      if (s.values().length != categories.size()) {
        throw new IllegalArgumentException(
            "bar series '"
                + s.name()
                + "' has "
                + s.values().length
                + " values for "
                + categories.size()
                + " categories");
      }
    }
  }
}
