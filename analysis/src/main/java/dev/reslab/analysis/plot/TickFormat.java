package dev.reslab.analysis.plot;

import java.util.Locale;
import java.util.function.Function;

/**
 * The tick labels of every chart: fractions (accuracy, F1, drops) as percentages ({@code 40 %},
 * {@code 11.5 %}), other numbers with the decimals their tick step needs ({@code 0.25}, {@code 2}),
 * never a raw double such as {@code 0.1171875}. Every tick of an axis has the same number of
 * decimals.
 */
public final class TickFormat {
  /** XChart keeps ticks at least this many pixels apart (its default spacing hints, y and x). */
  private static final int Y_TICK_PIXELS = 44;

  private static final int X_TICK_PIXELS = 74;

  private TickFormat() {}

  /** A tick at {@code value} on an axis whose ticks are {@code step} apart. */
  public static String label(double value, double step, boolean percent) {
    double shownStep = percent ? 100 * step : step;
    int decimals =
        shownStep > 0 && Double.isFinite(shownStep)
            ? Math.max(0, (int) Math.ceil(-Math.log10(shownStep) - 1e-9))
            : 0;
    String number =
        String.format(Locale.ROOT, "%." + decimals + "f", (percent ? 100 * value : value) + 0.0);
    if (number.matches("-0(\\.0*)?")) {
      number = number.substring(1); // no "-0 %" for a tick a rounding error below zero
    }
    return percent ? number + " %" : number;
  }

  /**
   * The labels of an XChart y axis spanning [lo, hi] on a chart {@code pixels} high. XChart picks
   * the ticks itself, 1, 2 or 5 × 10^k apart and at least {@value #Y_TICK_PIXELS} pixels apart, so
   * its step is never finer than the one assumed here and the decimals always suffice.
   */
  public static Function<Double, String> yAxis(double lo, double hi, int pixels, boolean percent) {
    return forSpan(lo, hi, pixels / Y_TICK_PIXELS, percent);
  }

  /** As {@link #yAxis}, for an x axis {@code pixels} wide. */
  public static Function<Double, String> xAxis(double lo, double hi, int pixels, boolean percent) {
    return forSpan(lo, hi, pixels / X_TICK_PIXELS, percent);
  }

  /** Whole numbers (epochs, trials, severities): no "1.5" tick is ever labelled. */
  public static Function<Double, String> integers() {
    return v -> label(v, 1, false);
  }

  private static Function<Double, String> forSpan(
      double lo, double hi, int maxTicks, boolean percent) {
    double span = hi > lo ? hi - lo : Math.max(Math.abs(lo), 1e-12);
    double step = NiceScale.niceStep(span / Math.max(2, maxTicks));
    return v -> label(v, step, percent);
  }
}
