package dev.reslab.analysis.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a {@link ReportDocument} as one self-contained HTML file: the style sheet inline, every
 * image a base64 {@code data:} URI, no script and nothing fetched, so it opens anywhere, offline,
 * and can be mailed as one file.
 */
public final class HtmlRenderer {
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");
  private static final Pattern BOLD = Pattern.compile("\\*\\*([^*]+)\\*\\*");

  private static final String STYLE =
      """
      body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:1100px;margin:2em auto;\
      padding:0 1em;color:#222;line-height:1.45}
      h1{border-bottom:2px solid #ddd;padding-bottom:.2em}h2{border-bottom:1px solid #eee;margin-top:1.8em}
      table{border-collapse:collapse;margin:1em 0;font-size:.92em;max-width:100%}
      th,td{border:1px solid #ccc;padding:.3em .6em;overflow-wrap:anywhere}
      th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}
      figure{margin:1em 0}figure img{max-width:100%;border:1px solid #eee}figcaption{color:#555;font-size:.9em}
      code{background:#f5f5f5;padding:0 .2em;border-radius:3px}""";

  private HtmlRenderer() {}

  public static String render(ReportDocument doc) {
    StringBuilder sb =
        new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .append(
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
            .append(escape(doc.title()))
            .append("</title>\n<style>\n")
            .append(STYLE)
            .append("\n</style>\n</head>\n<body>\n");
    for (ReportDocument.Block block : doc.blocks()) {
      if (block instanceof ReportDocument.Heading h) {
        sb.append("<h")
            .append(h.level())
            .append('>')
            .append(inline(h.text()))
            .append("</h")
            .append(h.level())
            .append(">\n");
      } else if (block instanceof ReportDocument.Paragraph p) {
        sb.append("<p>").append(inline(p.text())).append("</p>\n");
      } else if (block instanceof ReportDocument.Bullets b) {
        sb.append("<ul>\n");
        b.items().forEach(i -> sb.append("<li>").append(inline(i)).append("</li>\n"));
        sb.append("</ul>\n");
      } else if (block instanceof ReportDocument.Table t) {
        sb.append("<table>\n<thead><tr>");
        // a narrow column breaks its header after an underscore, not inside a word
        t.headers()
            .forEach(
                h -> sb.append("<th>").append(inline(h).replace("_", "_<wbr>")).append("</th>"));
        sb.append("</tr></thead>\n<tbody>\n");
        for (var row : t.rows()) {
          sb.append("<tr>");
          for (int c = 0; c < row.size(); c++) {
            sb.append(t.numeric().get(c) ? "<td class=\"num\">" : "<td>")
                .append(inline(row.get(c)))
                .append("</td>");
          }
          sb.append("</tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
      } else if (block instanceof ReportDocument.Image i) {
        sb.append("<figure><img src=\"data:image/png;base64,")
            .append(base64(i))
            .append("\" alt=\"")
            .append(escape(i.caption()))
            .append("\"><figcaption>")
            .append(inline(i.caption()))
            .append("</figcaption></figure>\n");
      }
    }
    return sb.append("</body>\n</html>\n").toString();
  }

  private static String base64(ReportDocument.Image image) {
    try {
      return Base64.getEncoder().encodeToString(Files.readAllBytes(image.png()));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the image " + image.png() + ": " + e.getMessage(), e);
    }
  }

  /** Escapes text, then turns Markdown's `code` and **bold** spans into HTML. */
  static String inline(String text) {
    String s = escape(text);
    Matcher m = CODE.matcher(s);
    s = m.replaceAll("<code>$1</code>");
    return BOLD.matcher(s).replaceAll("<strong>$1</strong>");
  }

  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
