package dev.reslab.analysis.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A small CSV file (RFC 4180 quoting) read for display: headers, the first rows, which columns are
 * numbers.
 *
 * @param truncated whether rows were left out
 * @param columnsLeftOut columns of the file not shown (after the first ones)
 */
record CsvTable(
    List<String> headers,
    List<List<String>> rows,
    List<Boolean> numeric,
    boolean truncated,
    int columnsLeftOut) {

  CsvTable(
      List<String> headers, List<List<String>> rows, List<Boolean> numeric, boolean truncated) {
    this(headers, rows, numeric, truncated, 0);
  }

  /** The file's first {@code maxRows} rows; empty when it is not a rectangular CSV table. */
  static Optional<CsvTable> read(Path file, int maxRows) {
    return read(file, maxRows, Integer.MAX_VALUE);
  }

  /**
   * The file's first {@code maxRows} rows and {@code maxColumns} columns (a confusion matrix of
   * ImageNet's 1000 classes is no table to read); empty when it is not a rectangular CSV table.
   */
  static Optional<CsvTable> read(Path file, int maxRows, int maxColumns) {
    return readAll(file, maxRows).map(t -> t.firstColumns(maxColumns));
  }

  /** " (first 25 rows, 980 more columns in the file)", or nothing when all is shown. */
  String extent() {
    List<String> parts = new ArrayList<>();
    if (truncated) {
      parts.add("first " + rows.size() + " rows");
    }
    if (columnsLeftOut > 0) {
      parts.add(columnsLeftOut + " more columns in the file");
    }
    return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
  }

  private CsvTable firstColumns(int n) {
    if (headers.size() <= n) {
      return this;
    }
    return new CsvTable(
        headers.subList(0, n),
        rows.stream().map(r -> r.subList(0, n)).toList(),
        numeric.subList(0, n),
        truncated,
        columnsLeftOut + headers.size() - n);
  }

  private static Optional<CsvTable> readAll(Path file, int maxRows) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      return Optional.empty();
    }
    lines = lines.stream().filter(l -> !l.isBlank()).toList();
    if (lines.isEmpty()) {
      return Optional.empty();
    }
    List<String> headers = fields(lines.get(0));
    List<List<String>> rows = new ArrayList<>();
    for (int i = 1; i < lines.size() && rows.size() < maxRows; i++) {
      List<String> row = fields(lines.get(i));
      if (row.size() != headers.size()) {
        return Optional.empty();
      }
      rows.add(row);
    }
    List<Boolean> numeric = new ArrayList<>();
    for (int c = 0; c < headers.size(); c++) {
      final int col = c;
      numeric.add(
          !rows.isEmpty() && rows.stream().allMatch(r -> r.get(col).matches("-?[0-9.eE+-]+|NaN|")));
    }
    return Optional.of(new CsvTable(headers, rows, numeric, lines.size() - 1 > maxRows));
  }

  static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          cur.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(ch);
      }
    }
    out.add(cur.toString());
    return out;
  }
}
