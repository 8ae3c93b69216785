package dev.reslab.analysis.plot;

/**
 * One named group of bars, one value per category, optionally with an interval [lower, upper] per
 * bar.
 *
 * @param lower lower interval bounds, or {@code null} for none
 * @param upper upper interval bounds, or {@code null} for none
 */
public record BarSeries(String name, double[] values, double[] lower, double[] upper) {

  public BarSeries {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a bar series needs a name");
    }
    if ((lower == null) != (upper == null)) {
      throw new IllegalArgumentException(
          "bar series '" + name + "' needs both interval bounds or neither");
    }
    if (lower != null && (lower.length != values.length || upper.length != values.length)) {
      throw new IllegalArgumentException(
          "bar series '"
              + name
              + "' has "
              + values.length
              + " values but interval bounds of "
              + lower.length
              + " and "
              + upper.length);
    }
  }

  /** Bars without intervals. */
  public static BarSeries of(String name, double[] values) {
    return new BarSeries(name, values, null, null);
  }

  /** Whether whiskers are drawn. */
  public boolean hasInterval() {
    return lower != null;
  }
}
