package dev.reslab.analysis.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Parallel coordinates: one vertical axis per variable, one polyline per item across them (e.g. one
 * per tuning trial across its hyperparameters and its objective), coloured by one axis's value on a
 * light-to-dark blue ramp with a colour bar. Numeric axes span their values (log axes in log
 * space), categorical axes space their choices evenly. Muted items are drawn as grey dashes beneath
 * the others. Drawn with Java2D, as XChart has no such chart.
 */
public final class ParallelCoordinates {

  private static final Color LIGHT = new Color(198, 219, 239);
  private static final Color DARK = new Color(8, 48, 107);
  private static final Color MUTED = new Color(170, 170, 170);
  private static final Color AXIS = new Color(90, 90, 90);

  /**
   * One vertical axis.
   *
   * @param name its title
   * @param values one per item; NaN leaves the item's line open there; a category's index for a
   *     categorical axis
   * @param log numeric values on a log scale (all positive)
   * @param categories the choices in order for a categorical axis, or {@code null} for a numeric
   *     one
   */
  public record Axis(String name, double[] values, boolean log, List<String> categories) {
    public Axis {
      categories = categories == null ? null : List.copyOf(categories);
    }

    /** A numeric axis. */
    public static Axis numeric(String name, double[] values, boolean log) {
      return new Axis(name, values, log, null);
    }

    /** A categorical axis; values are indices into {@code categories}. */
    public static Axis categorical(String name, double[] values, List<String> categories) {
      return new Axis(name, values, false, categories);
    }

    double scaled(double v) {
      return log ? Math.log10(v) : v;
    }
  }

  private ParallelCoordinates() {}

  /**
   * The chart.
   *
   * @param colourAxis the index of the axis whose values colour the lines
   * @param darkIsHigh whether high values are dark (the best should be dark: false when lower is
   *     better)
   * @param muted per item: drawn as a grey dash instead of in colour (e.g. pruned trials)
   */
  public static Figure figure(
      ChartSpec spec, List<Axis> axes, int colourAxis, boolean darkIsHigh, boolean[] muted) {
    if (axes.size() < 2) {
      throw new IllegalArgumentException(
          "parallel coordinates '" + spec.title() + "' need at least two axes, got " + axes.size());
    }
    int items = axes.get(0).values().length;
    for (Axis a : axes) {
      if (a.values().length != items) {
        throw new IllegalArgumentException(
            "axis '" + a.name() + "' has " + a.values().length + " values for " + items + " items");
      }
    }
    if (muted.length != items) {
      throw new IllegalArgumentException(
          "got " + muted.length + " muted flags for " + items + " items");
    }
    return new Figure(
        spec.width(), spec.height(), g -> draw(g, spec, axes, colourAxis, darkIsHigh, muted));
  }

  private static void draw(
      Graphics2D g,
      ChartSpec spec,
      List<Axis> axes,
      int colourAxis,
      boolean darkIsHigh,
      boolean[] muted) {
    int items = muted.length;
    Rectangle2D plot =
        new Rectangle2D.Double(90, 80, spec.width() - 90 - 150, spec.height() - 80 - 50);
    double gap = plot.getWidth() / (axes.size() - 1);
    double[][] range = new double[axes.size()][];
    for (int a = 0; a < axes.size(); a++) {
      range[a] = range(axes.get(a));
    }
    double[] colourRange = range[colourAxis];
    Axis colouring = axes.get(colourAxis);

    // lines: muted first, then coloured ones from light to dark so the best lie on top
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      order.add(i);
    }
    order.sort(
        Comparator.comparing((Integer i) -> !muted[i])
            .thenComparingDouble(
                i -> shade(colouring, colouring.values()[i], colourRange, darkIsHigh)));
    for (int i : order) {
      Path2D.Double line = new Path2D.Double();
      boolean open = true;
      for (int a = 0; a < axes.size(); a++) {
        double v = axes.get(a).values()[i];
        if (!Double.isFinite(v)) {
          open = true;
          continue;
        }
        double x = plot.getMinX() + a * gap;
        double y = y(plot, axes.get(a), range[a], v);
        if (open) {
          line.moveTo(x, y);
        } else {
          line.lineTo(x, y);
        }
        open = false;
      }
      if (muted[i]) {
        g.setColor(MUTED);
        g.setStroke(
            new BasicStroke(
                1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1, new float[] {5, 4}, 0));
      } else {
        g.setColor(ramp(shade(colouring, colouring.values()[i], colourRange, darkIsHigh)));
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      }
      g.draw(line);
    }

    // axes with their titles and labels
    g.setStroke(new BasicStroke(1.2f));
    for (int a = 0; a < axes.size(); a++) {
      Axis axis = axes.get(a);
      double x = plot.getMinX() + a * gap;
      g.setColor(AXIS);
      g.draw(new Line2D.Double(x, plot.getMinY(), x, plot.getMaxY()));
      g.setFont(TextDrawing.AXIS_TITLE);
      g.setColor(Color.BLACK);
      TextDrawing.centred(
          g, TextDrawing.fit(g, axis.name(), (int) gap - 8), x, plot.getMinY() - 22);
      g.setFont(TextDrawing.TICK);
      for (double[] tick : ticks(axis, range[a])) {
        double y = y(plot, axis, range[a], tick[0]);
        g.setColor(AXIS);
        g.draw(new Line2D.Double(x - 4, y, x, y));
        g.setColor(Color.BLACK);
        String label =
            axis.categories() != null ? axis.categories().get((int) tick[0]) : number(tick[0]);
        TextDrawing.rightAligned(g, label, x - 7, y);
      }
    }

    // colour bar
    double bx = plot.getMaxX() + 60;
    double steps = 64;
    for (int s = 0; s < steps; s++) {
      double t = s / (steps - 1);
      g.setColor(ramp(darkIsHigh ? t : 1 - t));
      double y0 = plot.getMaxY() - (s + 1) * plot.getHeight() / steps;
      g.fill(new Rectangle2D.Double(bx, y0, 16, plot.getHeight() / steps + 1));
    }
    g.setColor(Color.BLACK);
    g.setFont(TextDrawing.TICK);
    double top = colouring.log() ? Math.pow(10, colourRange[1]) : colourRange[1];
    double bottom = colouring.log() ? Math.pow(10, colourRange[0]) : colourRange[0];
    g.drawString(number(top), (float) (bx + 22), (float) (plot.getMinY() + 10));
    g.drawString(number(bottom), (float) (bx + 22), (float) plot.getMaxY());
    TextDrawing.rotated(g, colouring.name(), bx + 50, plot.getCenterY(), -90, false);

    g.setFont(TextDrawing.TITLE);
    TextDrawing.centred(g, spec.title(), spec.width() / 2.0, 24);
    g.setFont(TextDrawing.AXIS_TITLE);
    TextDrawing.centred(g, spec.xLabel(), plot.getCenterX(), spec.height() - 18);
  }

  /** Low and high end of an axis in its own (scaled) units. */
  private static double[] range(Axis axis) {
    if (axis.categories() != null) {
      return new double[] {0, Math.max(1, axis.categories().size() - 1)};
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : axis.values()) {
      if (Double.isFinite(v) && (!axis.log() || v > 0)) {
        lo = Math.min(lo, axis.scaled(v));
        hi = Math.max(hi, axis.scaled(v));
      }
    }
    if (lo > hi) {
      return new double[] {0, 1};
    }
    if (hi == lo) {
      return new double[] {lo - 0.5, hi + 0.5};
    }
    return new double[] {lo, hi};
  }

  private static double y(Rectangle2D plot, Axis axis, double[] range, double v) {
    double s = axis.categories() != null ? v : axis.scaled(v);
    if (axis.categories() != null && axis.categories().size() == 1) {
      return plot.getCenterY();
    }
    return plot.getMaxY() - (s - range[0]) / (range[1] - range[0]) * plot.getHeight();
  }

  /** Tick values in the axis's own units: every category, or both ends and the middle. */
  private static List<double[]> ticks(Axis axis, double[] range) {
    List<double[]> ticks = new ArrayList<>();
    if (axis.categories() != null) {
      for (int c = 0; c < axis.categories().size(); c++) {
        ticks.add(new double[] {c});
      }
      return ticks;
    }
    for (double s : new double[] {range[0], (range[0] + range[1]) / 2, range[1]}) {
      ticks.add(new double[] {axis.log() ? Math.pow(10, s) : s});
    }
    return ticks;
  }

  /** 0 (light) to 1 (dark) for the value's place in the colour axis's range. */
  private static double shade(Axis axis, double v, double[] range, boolean darkIsHigh) {
    if (!Double.isFinite(v)) {
      return 0;
    }
    double t = (axis.scaled(v) - range[0]) / (range[1] - range[0]);
    t = Math.max(0, Math.min(1, t));
    return darkIsHigh ? t : 1 - t;
  }

  private static Color ramp(double t) {
    return new Color(
        (int) Math.round(LIGHT.getRed() + t * (DARK.getRed() - LIGHT.getRed())),
        (int) Math.round(LIGHT.getGreen() + t * (DARK.getGreen() - LIGHT.getGreen())),
        (int) Math.round(LIGHT.getBlue() + t * (DARK.getBlue() - LIGHT.getBlue())));
  }

  private static String number(double v) {
    return String.format(Locale.ROOT, "%.3g", v);
  }
}
