package dev.reslab.analysis.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A report as a list of blocks, independent of its output format. */
public final class ReportDocument {

  /** A piece of a report. */
  public sealed interface Block permits Heading, Paragraph, Bullets, Table, Image {}

  /** A heading, level 1 (title) to 4. */
  public record Heading(int level, String text) implements Block {}

  /** A paragraph of plain text ({@code `code`} spans are kept). */
  public record Paragraph(String text) implements Block {}

  /** A bulleted list. */
  public record Bullets(List<String> items) implements Block {
    public Bullets {
      items = List.copyOf(items);
    }
  }

  /**
   * A table; every row has one cell per header.
   *
   * @param numeric per column: right-aligned
   */
  public record Table(List<String> headers, List<List<String>> rows, List<Boolean> numeric)
      implements Block {
    public Table {
      headers = List.copyOf(headers);
      rows = rows.stream().map(List::copyOf).toList();
      numeric = numeric == null ? headers.stream().map(h -> false).toList() : List.copyOf(numeric);
      for (List<String> row : rows) {
        if (row.size() != headers.size()) {
          throw new IllegalArgumentException(
              "a table row has "
                  + row.size()
                  + " cells for "
                  + headers.size()
                  + " columns: "
                  + row);
        }
      }
    }
  }

  /** A PNG image with a caption. */
  public record Image(Path png, String caption) implements Block {}

  private final List<Block> blocks = new ArrayList<>();

  public ReportDocument heading(int level, String text) {
    blocks.add(new Heading(level, text));
    return this;
  }

  public ReportDocument paragraph(String text) {
    blocks.add(new Paragraph(text));
    return this;
  }

  public ReportDocument bullets(List<String> items) {
    if (!items.isEmpty()) {
      blocks.add(new Bullets(items));
    }
    return this;
  }

  public ReportDocument table(
      List<String> headers, List<List<String>> rows, List<Boolean> numeric) {
    blocks.add(new Table(headers, rows, numeric));
    return this;
  }

  /** A two-column table of settings. */
  public ReportDocument keyValues(List<List<String>> rows) {
    return table(List.of("setting", "value"), rows, List.of(false, false));
  }

  public ReportDocument image(Path png, String caption) {
    blocks.add(new Image(png, caption));
    return this;
  }

  public ReportDocument append(ReportDocument other) {
    blocks.addAll(other.blocks);
    return this;
  }

  /** A copy with every heading one level lower (max 4), to append as a sub-document. */
  public ReportDocument demoted() {
    ReportDocument d = new ReportDocument();
    for (Block b : blocks) {
      d.blocks.add(b instanceof Heading h ? new Heading(Math.min(4, h.level() + 1), h.text()) : b);
    }
    return d;
  }

  public List<Block> blocks() {
    return List.copyOf(blocks);
  }

  /** The first level-1 heading, for titles. */
  public String title() {
    return blocks.stream()
        .filter(b -> b instanceof Heading h && h.level() == 1)
        .map(b -> ((Heading) b).text())
        .findFirst()
        .orElse("reslab report");
  }
}
