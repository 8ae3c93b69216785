package dev.reslab.analysis.perclass;

import dev.reslab.analysis.plot.PngFile;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * Misclassified images in a grid, each captioned {@code true → predicted} and with what names it:
 * its file or record ({@link Misclassified#example()}).
 */
public final class MisclassifiedGallery {
  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 18);
  private static final Font CAPTION = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  private static final Font EXAMPLE = new Font(Font.SANS_SERIF, Font.PLAIN, 10);

  private MisclassifiedGallery() {}

  /**
   * Draws up to all of {@code images}, {@code columns} per row, each scaled to {@code tileSize}.
   */
  public static BufferedImage render(
      List<Misclassified> images,
      List<String> classNames,
      String title,
      int columns,
      int tileSize) {
    int cols = Math.max(1, Math.min(columns, Math.max(1, images.size())));
    int rows = Math.max(1, (images.size() + cols - 1) / cols);
    int gap = 10;
    int caption = 34;
    int top = 44;
    int width = Math.max(360, gap + cols * (tileSize + gap));
    int height = top + rows * (tileSize + caption + gap) + gap;
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLACK);
    g.setFont(TITLE);
    // smaller type for a long title over a narrow gallery
    while (g.getFontMetrics().stringWidth(title) > width - 2 * gap && g.getFont().getSize() > 11) {
      g.setFont(g.getFont().deriveFont(g.getFont().getSize2D() - 1f));
    }
    g.drawString(title, Math.max(gap, (width - g.getFontMetrics().stringWidth(title)) / 2), 28);
    if (images.isEmpty()) {
      g.setFont(CAPTION);
      g.drawString("no misclassified images", gap, top + 20);
    }
    g.setFont(CAPTION);
    for (int i = 0; i < images.size(); i++) {
      Misclassified m = images.get(i);
      int x0 = gap + (i % cols) * (tileSize + gap);
      int y0 = top + (i / cols) * (tileSize + caption + gap);
      drawTile(out, m, x0, y0, tileSize);
      g.setColor(Color.BLACK);
      caption(
          g,
          name(classNames, m.trueClass()) + " \u2192 " + name(classNames, m.predictedClass()),
          x0,
          y0 + tileSize + 14,
          tileSize,
          false);
      g.setColor(Color.DARK_GRAY);
      g.setFont(EXAMPLE);
      caption(g, m.example(), x0, y0 + tileSize + 28, tileSize, true);
      g.setFont(CAPTION);
    }
    g.dispose();
    return out;
  }

  /** {@link #render} written as PNG. */
  public static void write(
      Path png,
      List<Misclassified> images,
      List<String> classNames,
      String title,
      int columns,
      int tileSize) {
    PngFile.write(png, render(images, classNames, title, columns, tileSize));
  }

  /**
   * {@code s} centred under a tile, shortened to fit: at its end, or in its middle when its end
   * tells examples apart (a file's number, a record's).
   */
  private static void caption(
      Graphics2D g, String s, int x0, int y, int tileSize, boolean keepEnd) {
    String text = s;
    int cut = 0;
    while (text.length() > 3 && g.getFontMetrics().stringWidth(text) > tileSize + 8) {
      cut += 2;
      text =
          keepEnd
              ? s.substring(0, (s.length() - cut) / 2)
                  + "\u2026"
                  + s.substring(s.length() - (s.length() - cut + 1) / 2)
              : s.substring(0, s.length() - cut) + "\u2026";
    }
    g.drawString(text, x0 + (tileSize - g.getFontMetrics().stringWidth(text)) / 2, y);
  }

  private static void drawTile(BufferedImage out, Misclassified m, int x0, int y0, int tileSize) {
    double scale = Math.min((double) tileSize / m.width(), (double) tileSize / m.height());
    int w = Math.max(1, (int) (m.width() * scale));
    int h = Math.max(1, (int) (m.height() * scale));
    for (int y = 0; y < h; y++) {
      int sy = Math.min(m.height() - 1, (int) (y / scale));
      for (int x = 0; x < w; x++) {
        int sx = Math.min(m.width() - 1, (int) (x / scale));
        int i = (sy * m.width() + sx) * 3;
        int rgb =
            (byteOf(m.pixels()[i]) << 16)
                | (byteOf(m.pixels()[i + 1]) << 8)
                | byteOf(m.pixels()[i + 2]);
        out.setRGB(x0 + (tileSize - w) / 2 + x, y0 + (tileSize - h) / 2 + y, rgb);
      }
    }
  }

  private static int byteOf(float v) {
    return Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
  }

  static String name(List<String> names, int c) {
    return names == null || c >= names.size() ? Integer.toString(c) : names.get(c);
  }
}
