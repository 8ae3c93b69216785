package dev.reslab.analysis.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * A labelled grid of images, e.g. one row per corruption and one column per severity, or one row
 * per layer of a Grad-CAM. Images are float HWC arrays in [0, 1] with 1 (gray) or 3 (RGB) channels,
 * scaled up by pixel replication so small CIFAR images stay sharp. A {@code null} image leaves its
 * cell empty. Heatmap grids get a {@link ColourBar} that states their scale.
 */
public final class ImageGrid {

  /**
   * One image.
   *
   * @param pixels HWC, row-major, values in [0, 1] (clipped when drawn)
   * @param channels 1 or 3
   */
  public record Tile(float[] pixels, int height, int width, int channels) {

    public Tile {
      if (channels != 1 && channels != 3) {
        throw new IllegalArgumentException("a tile needs 1 or 3 channels, got " + channels);
      }
      if (pixels.length != height * width * channels) {
        throw new IllegalArgumentException(
            "tile has "
                + pixels.length
                + " values, expected "
                + height
                + " x "
                + width
                + " x "
                + channels
                + " = "
                + height * width * channels);
      }
    }
  }

  /**
   * A vertical colour bar beside the grid stating the heatmaps' scale: the colour of 1 at the top,
   * of 0 at the bottom, each end labelled.
   *
   * @param title what the colours measure, e.g. "drop in the target's probability"
   * @param low the label of the bottom end (the value coloured {@code ramp(0)})
   * @param high the label of the top end (the value coloured {@code ramp(1)})
   * @param ramp the colour of a position in [0, 1]
   */
  public record ColourBar(String title, String low, String high, DoubleFunction<Color> ramp) {}

  /** Pixels right of the tiles that a colour bar, its labels and its title take. */
  public static final int COLOUR_BAR_AREA = 150;

  private ImageGrid() {}

  /** Draws the grid and writes it to {@code png} atomically. */
  public static void write(
      Path png,
      String title,
      List<String> rowLabels,
      List<String> columnLabels,
      List<List<Tile>> rows,
      int tileSize) {
    PngFile.write(png, render(title, rowLabels, columnLabels, rows, tileSize, null));
  }

  /** As {@link #write}, with a colour bar stating the heatmaps' scale. */
  public static void write(
      Path png,
      String title,
      List<String> rowLabels,
      List<String> columnLabels,
      List<List<Tile>> rows,
      int tileSize,
      ColourBar bar) {
    PngFile.write(png, render(title, rowLabels, columnLabels, rows, tileSize, bar));
  }

  /**
   * Draws the grid.
   *
   * @param rows rows of tiles, each as long as {@code columnLabels}
   * @param tileSize pixels per cell side; each image is scaled to fit it, keeping its aspect ratio
   * @param bar a colour bar right of the tiles, or {@code null}
   */
  public static BufferedImage render(
      String title,
      List<String> rowLabels,
      List<String> columnLabels,
      List<List<Tile>> rows,
      int tileSize,
      ColourBar bar) {
    if (rows.size() != rowLabels.size()) {
      throw new IllegalArgumentException(
          "got " + rows.size() + " rows but " + rowLabels.size() + " row labels");
    }
    for (int r = 0; r < rows.size(); r++) {
      if (rows.get(r).size() != columnLabels.size()) {
        throw new IllegalArgumentException(
            "row "
                + r
                + " has "
                + rows.get(r).size()
                + " images for "
                + columnLabels.size()
                + " columns");
      }
    }
    if (tileSize < 8) {
      throw new IllegalArgumentException("tile size must be at least 8 pixels, got " + tileSize);
    }
    BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D pg = probe.createGraphics();
    pg.setFont(TextDrawing.TICK);
    int labelWidth = 0;
    for (String s : rowLabels) {
      labelWidth = Math.max(labelWidth, Math.min(260, pg.getFontMetrics().stringWidth(s)));
    }
    pg.dispose();
    int gap = 6;
    int left = labelWidth + 16;
    int top = 44 + 22;
    int tilesRight = left + columnLabels.size() * (tileSize + gap) + gap;
    int width = Math.max(tilesRight + (bar == null ? 0 : COLOUR_BAR_AREA), 320);
    int barHeight = Math.min(320, Math.max(160, rows.size() * (tileSize + gap) - gap));
    int height =
        Math.max(
            top + rows.size() * (tileSize + gap) + gap,
            bar == null ? 0 : top + gap + barHeight + 12);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = TextDrawing.canvas(image);
    g.setFont(TextDrawing.TITLE);
    g.setColor(Color.BLACK);
    TextDrawing.centred(g, TextDrawing.fit(g, title, width - 20), width / 2.0, 22);
    g.setFont(TextDrawing.TICK);
    for (int c = 0; c < columnLabels.size(); c++) {
      double x = left + gap + c * (tileSize + gap) + tileSize / 2.0;
      TextDrawing.centred(g, TextDrawing.fit(g, columnLabels.get(c), tileSize + gap), x, top - 12);
    }
    for (int r = 0; r < rows.size(); r++) {
      int y = top + gap + r * (tileSize + gap);
      g.setColor(Color.BLACK);
      TextDrawing.rightAligned(
          g, TextDrawing.fit(g, rowLabels.get(r), 260), left - 6, y + tileSize / 2.0);
      for (int c = 0; c < columnLabels.size(); c++) {
        Tile tile = rows.get(r).get(c);
        if (tile != null) {
          draw(image, tile, left + gap + c * (tileSize + gap), y, tileSize);
        }
      }
    }
    if (bar != null) {
      drawBar(g, bar, tilesRight + 14, top + gap, barHeight);
    }
    g.dispose();
    return image;
  }

  private static void drawBar(Graphics2D g, ColourBar bar, int x, int y, int height) {
    for (int i = 0; i < height; i++) {
      g.setColor(bar.ramp().apply(1 - (double) i / (height - 1)));
      g.fillRect(x, y + i, 16, 1);
    }
    g.setColor(Color.GRAY);
    g.drawRect(x, y, 16, height);
    g.setColor(Color.BLACK);
    g.setFont(TextDrawing.TICK);
    int room = COLOUR_BAR_AREA - 14 - 16 - 6 - 22;
    String high = TextDrawing.fit(g, bar.high(), room);
    String low = TextDrawing.fit(g, bar.low(), room);
    g.drawString(high, x + 22, y + 10);
    g.drawString(low, x + 22, y + height);
    int labels =
        Math.max(g.getFontMetrics().stringWidth(high), g.getFontMetrics().stringWidth(low));
    TextDrawing.rotated(
        g,
        TextDrawing.fit(g, bar.title(), height),
        Math.min(x + 22 + labels + 16, x + COLOUR_BAR_AREA - 24),
        y + height / 2.0,
        -90,
        false);
  }

  /** Nearest-neighbour scaling into a tileSize square, centred, aspect ratio kept. */
  private static void draw(BufferedImage target, Tile tile, int x0, int y0, int tileSize) {
    double scale = Math.min((double) tileSize / tile.width(), (double) tileSize / tile.height());
    int w = Math.max(1, (int) Math.floor(tile.width() * scale));
    int h = Math.max(1, (int) Math.floor(tile.height() * scale));
    int ox = x0 + (tileSize - w) / 2;
    int oy = y0 + (tileSize - h) / 2;
    for (int y = 0; y < h; y++) {
      int sy = Math.min(tile.height() - 1, (int) (y / scale));
      for (int x = 0; x < w; x++) {
        int sx = Math.min(tile.width() - 1, (int) (x / scale));
        int i = (sy * tile.width() + sx) * tile.channels();
        int red = byteOf(tile.pixels()[i]);
        int green = tile.channels() == 3 ? byteOf(tile.pixels()[i + 1]) : red;
        int blue = tile.channels() == 3 ? byteOf(tile.pixels()[i + 2]) : red;
        target.setRGB(ox + x, oy + y, (red << 16) | (green << 8) | blue);
      }
    }
  }

  private static int byteOf(float v) {
    return Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
  }
}
