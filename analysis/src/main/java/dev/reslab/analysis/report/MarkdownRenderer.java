package dev.reslab.analysis.report;

import java.nio.file.Path;

/**
 * Renders a {@link ReportDocument} as GitHub-flavoured Markdown; images are linked relative to the
 * file.
 */
public final class MarkdownRenderer {
  private MarkdownRenderer() {}

  /** The document as Markdown for a file in {@code dir}. */
  public static String render(ReportDocument doc, Path dir) {
    StringBuilder sb = new StringBuilder();
    for (ReportDocument.Block block : doc.blocks()) {
      if (block instanceof ReportDocument.Heading h) {
        sb.append("#".repeat(h.level())).append(' ').append(h.text()).append("\n\n");
      } else if (block instanceof ReportDocument.Paragraph p) {
        sb.append(p.text()).append("\n\n");
      } else if (block instanceof ReportDocument.Bullets b) {
        b.items().forEach(i -> sb.append("- ").append(i).append('\n'));
        sb.append('\n');
      } else if (block instanceof ReportDocument.Table t) {
        sb.append('|');
        t.headers().forEach(h -> sb.append(' ').append(cell(h)).append(" |"));
        sb.append("\n|");
        t.numeric().forEach(n -> sb.append(n ? "---:|" : "---|"));
        sb.append('\n');
        for (var row : t.rows()) {
          sb.append('|');
          row.forEach(c -> sb.append(' ').append(cell(c)).append(" |"));
          sb.append('\n');
        }
        sb.append('\n');
      } else if (block instanceof ReportDocument.Image i) {
        sb.append("![")
            .append(i.caption())
            .append("](")
            .append(
                dir.toAbsolutePath()
                    .relativize(i.png().toAbsolutePath())
                    .toString()
                    .replace('\\', '/'))
            .append(")\n\n*")
            .append(i.caption())
            .append("*\n\n");
      }
    }
    return sb.toString();
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }
}
