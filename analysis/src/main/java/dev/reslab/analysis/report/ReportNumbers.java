package dev.reslab.analysis.report;

import dev.reslab.analysis.metrics.MetricNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a report writes numbers: fractions (accuracy, F1, AUC, drops) as percentages with one
 * decimal, an estimate with its interval as {@code 91.6 % [89.7, 93.2]}, losses with four decimals;
 * CSV tables other commands wrote are shown that way rather than as raw CSV.
 */
final class ReportNumbers {
  private ReportNumbers() {}

  /** Whether a column or metric named so holds a fraction between 0 and 1. */
  static boolean isFraction(String name) {
    return MetricNames.isFraction(name);
  }

  /** {@code 0.9163} → {@code 91.6 %}; NaN → an em dash. */
  static String percent(double fraction) {
    return Double.isNaN(fraction) ? "—" : String.format(Locale.ROOT, "%.1f %%", 100 * fraction);
  }

  /** {@code 91.6 % [89.7, 93.2]}. */
  static String interval(double fraction, double lower, double upper) {
    return Double.isNaN(lower) || Double.isNaN(upper)
        ? percent(fraction)
        : String.format(
            Locale.ROOT, "%s [%.1f, %.1f]", percent(fraction), 100 * lower, 100 * upper);
  }

  /**
   * A metric's value: a percentage for fractions, a whole number for counts of labels ({@code
   * val_auc_undefined_labels}), else four decimals.
   */
  static String value(String name, double v) {
    return isFraction(name)
        ? percent(v)
        : Double.isNaN(v)
            ? "—"
            : String.format(Locale.ROOT, name.endsWith("_labels") ? "%.0f" : "%.4f", v);
  }

  /**
   * A CSV table ready to show: fraction columns as percentages, and a column followed by {@code
   * ci95_lower} and {@code ci95_upper} as one "value [lower, upper]" column headed "value (95 %
   * interval)".
   */
  static CsvTable display(CsvTable t) {
    List<String> headers = new ArrayList<>();
    List<Boolean> numeric = new ArrayList<>();
    List<int[]> columns = new ArrayList<>(); // source column, or column, lower, upper
    List<String> h = t.headers();
    for (int c = 0; c < h.size(); c++) {
      if (c + 2 < h.size()
          && h.get(c + 1).equals("ci95_lower")
          && h.get(c + 2).equals("ci95_upper")) {
        headers.add(h.get(c) + " (95 % interval)");
        columns.add(new int[] {c, c + 1, c + 2});
        c += 2;
      } else {
        headers.add(h.get(c));
        columns.add(new int[] {c});
      }
      numeric.add(t.numeric().get(c));
    }
    List<List<String>> rows = new ArrayList<>();
    for (List<String> row : t.rows()) {
      List<String> out = new ArrayList<>();
      for (int[] col : columns) {
        String name = h.get(col[0]);
        boolean fraction =
            t.numeric().get(col[0]) && isFraction(name) && !row.get(col[0]).isEmpty();
        if (col.length == 3 && fraction) {
          out.add(interval(parse(row.get(col[0])), parse(row.get(col[1])), parse(row.get(col[2]))));
        } else if (fraction) {
          out.add(percent(parse(row.get(col[0]))));
        } else {
          out.add(
              col.length == 3
                  ? row.get(col[0]) + " [" + row.get(col[1]) + ", " + row.get(col[2]) + "]"
                  : row.get(col[0]));
        }
      }
      rows.add(out);
    }
    return new CsvTable(headers, rows, numeric, t.truncated(), t.columnsLeftOut());
  }

  private static double parse(String s) {
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
