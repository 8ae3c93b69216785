package dev.reslab.analysis.plot;

/**
 * One named line or set of points, optionally with an interval [lower, upper] around each y (it
 * need not be symmetric). NaN y values (an undefined metric) are left out when drawn.
 *
 * @param lower lower interval bounds, or {@code null} for none
 * @param upper upper interval bounds, or {@code null} for none
 */
public record Series(String name, double[] x, double[] y, double[] lower, double[] upper) {

  public Series {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a series needs a name");
    }
    if (x.length != y.length) {
      throw new IllegalArgumentException(
          "series '" + name + "' has " + x.length + " x values but " + y.length + " y values");
    }
    if ((lower == null) != (upper == null)) {
      throw new IllegalArgumentException(
          "series '" + name + "' needs both interval bounds or neither");
    }
    if (lower != null && (lower.length != y.length || upper.length != y.length)) {
      throw new IllegalArgumentException(
          "series '"
              + name
              + "' has "
              + y.length
              + " values but interval bounds of "
              + lower.length
              + " and "
              + upper.length);
    }
  }

  /** A series without intervals. */
  public static Series of(String name, double[] x, double[] y) {
    return new Series(name, x, y, null, null);
  }

  /** Whether intervals are drawn. */
  public boolean hasInterval() {
    return lower != null;
  }
}
