package dev.reslab.model.io;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A CSV table written the same way by every part of reslab: RFC 4180 quoting (a field holding a
 * comma, a quote or a line break is quoted, quotes doubled), numbers in one locale-free form, rows
 * of the header's width, and the file replaced atomically ({@link AtomicFiles}).
 */
public final class CsvWriter {
  private final StringBuilder text = new StringBuilder();
  private final int columns;

  public CsvWriter(List<String> headers) {
    this.columns = headers.size();
    append(headers);
  }

  public CsvWriter(String... headers) {
    this(Arrays.asList(headers));
  }

  /**
   * Adds a row. A {@code double} or {@code float} cell is written as {@link #number}, other numbers
   * and booleans as they print, null as an empty field, anything else as {@link #field} of its
   * text.
   */
  public CsvWriter row(Object... cells) {
    return row(Arrays.asList(cells));
  }

  /** Adds a row; see {@link #row(Object...)}. */
  public CsvWriter row(List<?> cells) {
    if (cells.size() != columns) {
      throw new IllegalArgumentException(
          "a row of " + cells.size() + " cells in a table of " + columns + " columns");
    }
    append(cells);
    return this;
  }

  /** The table so far, each row ending in a line feed. */
  public String text() {
    return text.toString();
  }

  /** Writes the table to {@code file} atomically; a failure names the file. */
  public void write(Path file) {
    AtomicFiles.writeString(file, text.toString());
  }

  private void append(List<?> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        text.append(',');
      }
      text.append(cell(cells.get(i)));
    }
    text.append('\n');
  }

  private static String cell(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof Double || v instanceof Float) {
      return number(((Number) v).doubleValue());
    }
    if (v instanceof Number || v instanceof Boolean) {
      return v.toString();
    }
    return field(v.toString());
  }

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
