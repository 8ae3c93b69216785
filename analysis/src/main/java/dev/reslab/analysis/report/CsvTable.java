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
 */
record CsvTable(
    List<String> headers, List<List<String>> rows, List<Boolean> numeric, boolean truncated) {

  /** The file's first {@code maxRows} rows; empty when it is not a rectangular CSV table. */
  static Optional<CsvTable> read(Path file, int maxRows) {
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
