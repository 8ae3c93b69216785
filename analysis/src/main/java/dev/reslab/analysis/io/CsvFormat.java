package dev.reslab.analysis.io;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How the analysis tables write values into CSV, the same in every table and every locale. */
public final class CsvFormat {

  private CsvFormat() {}

  /** Up to 6 decimals without trailing zeros, a dot as separator, {@code NaN} when undefined. */
  public static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "Infinity" : "-Infinity";
    }
    return new BigDecimal(v)
        .setScale(6, RoundingMode.HALF_EVEN)
        .stripTrailingZeros()
        .toPlainString();
  }

  /** A text field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
  public static String field(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }
}
