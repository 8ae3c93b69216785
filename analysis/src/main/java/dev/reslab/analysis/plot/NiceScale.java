package dev.reslab.analysis.plot;

/**
 * Axis range and tick step in round numbers (1, 2 or 5 × 10^k), covering [min, max] with about
 * {@code ticks} ticks.
 */
record NiceScale(double min, double max, double step) {

  static NiceScale of(double lo, double hi, int ticks) {
    if (!(hi > lo)) {
      double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
      lo -= pad;
      hi += pad;
    }
    double step = niceStep((hi - lo) / Math.max(1, ticks));
    double min = Math.floor(lo / step) * step;
    double max = Math.ceil(hi / step) * step;
    return new NiceScale(min, max, step);
  }

  static double niceStep(double raw) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double fraction = raw / magnitude;
    double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
    return nice * magnitude;
  }

  /** Tick values from min to max. */
  double[] ticks() {
    int n = (int) Math.round((max - min) / step) + 1;
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = min + i * step;
    }
    return t;
  }

  /** A tick label with as many decimals as the step needs; fractions as percentages. */
  String label(double value, boolean percent) {
    return TickFormat.label(value, step, percent);
  }
}
