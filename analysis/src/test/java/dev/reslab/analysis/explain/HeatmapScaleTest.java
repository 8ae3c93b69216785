package dev.reslab.analysis.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.analysis.inputs.ImageBatch;
import dev.reslab.analysis.plot.ImageGrid;
import dev.reslab.model.resnet.Head;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Heatmap figures state their scale: occlusion on a fixed 0 → 1 scale of probability drop, Grad-CAM
 * per map or per grid, each with a colour bar whose ends are the scale's colours. Read back by
 * pixel from the PNGs written.
 */
class HeatmapScaleTest {

  @TempDir Path dir;

  private static final int SIDE = 32;

  /** Jet's red end (dark red at 1), alone or half over grey: what reads as a hot spot. */
  private static boolean hot(int rgb) {
    Color c = new Color(rgb);
    return c.getRed() > 100 && c.getRed() > c.getGreen() + 50 && c.getRed() > c.getBlue() + 50;
  }

  /** Hot pixels left of the colour bar (in the tiles). */
  private static int hotInTiles(BufferedImage png) {
    int n = 0;
    for (int y = 0; y < png.getHeight(); y++) {
      for (int x = 0; x < png.getWidth() - ImageGrid.COLOUR_BAR_AREA; x++) {
        n += hot(png.getRGB(x, y)) ? 1 : 0;
      }
    }
    return n;
  }

  private static float[] grey() {
    float[] image = new float[SIDE * SIDE * 3];
    Arrays.fill(image, 0.5f);
    return image;
  }

  private BufferedImage occlusion(String name, float peak) throws Exception {
    // drops of `peak` under one patch in the top-left corner, none elsewhere
    float[] heatmap = new float[SIDE * SIDE];
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        heatmap[y * SIDE + x] = peak;
      }
    }
    float[] drops = new float[16];
    drops[0] = peak;
    OcclusionMap map =
        new OcclusionMap(new Target.Resolved(0, true), 0.9f, 4, 4, drops, SIDE, SIDE, heatmap);
    Path png =
        ExplanationFiles.writeOcclusion(
            map,
            grey(),
            dir,
            name,
            List.of("cat"),
            Head.SOFTMAX,
            new OcclusionSettings(8, 8, Baseline.ZERO, 16),
            0.5f);
    return ImageIO.read(png.toFile());
  }

  @Test
  void anOcclusionWithoutDropsIsNoHotSpotAndTheScaleIsFixed() throws Exception {
    // the largest drop prints as 0.000 (it is 0.0004): scaled to its own maximum, as before, this
    // was a red square
    BufferedImage none = occlusion("none", 0.0004f);
    assertEquals(0, hotInTiles(none), "a map of zero drops shows no hot pixel");
    // a small drop (0.02) stays cold on the fixed scale; a full one (1.0) is hot
    assertEquals(0, hotInTiles(occlusion("small", 0.02f)));
    BufferedImage full = occlusion("full", 1f);
    assertTrue(hotInTiles(full) > 500, "a drop of 1 is a hot spot: " + hotInTiles(full));
    assertColourBar(none);
  }

  /** The colour bar's top is the colour of 1, its bottom the colour of 0. */
  private static void assertColourBar(BufferedImage png) {
    int barX = png.getWidth() - ImageGrid.COLOUR_BAR_AREA + 14 + 8;
    int top = -1;
    int bottom = -1;
    for (int y = 66; y < png.getHeight(); y++) { // below the title and column labels
      Color c = new Color(png.getRGB(barX, y));
      if (!c.equals(Color.WHITE) && !c.equals(Color.GRAY)) {
        top = top < 0 ? y : top;
        bottom = y;
      }
    }
    assertTrue(top >= 0, "a colour bar at x = " + barX);
    // inside the bar's grey border, a few pixels into a ramp that changes ~3 levels a pixel there
    assertClose(Heatmaps.awtColor(1), new Color(png.getRGB(barX, top + 2)), "top of the bar");
    assertClose(Heatmaps.awtColor(0), new Color(png.getRGB(barX, bottom - 2)), "bottom of the bar");
  }

  private static void assertClose(Color want, Color got, String what) {
    assertTrue(
        Math.abs(want.getRed() - got.getRed()) <= 24
            && Math.abs(want.getGreen() - got.getGreen()) <= 24
            && Math.abs(want.getBlue() - got.getBlue()) <= 24,
        what + ": " + got + ", expected about " + want);
  }

  @Test
  void gradCamGridsAreScaledPerMapOrOnceForTheGrid() throws Exception {
    try (HandBuiltNetwork net = new HandBuiltNetwork(Head.SOFTMAX)) {
      ImageBatch squares = new ImageBatch(HandBuiltNetwork.twoSquares(), 2, 8, 8, 3);
      GradCamResult r =
          GradCam.create(net.model, List.of("features", "pooled"))
              .explain(squares, List.of(Target.predicted()), CamMethod.GRAD_CAM);
      for (MapScale scale : MapScale.values()) {
        Path out = dir.resolve(scale.name());
        var files =
            ExplanationFiles.writeGradCam(
                r, out, List.of("a", "b"), List.of("red", "green"), 1f, null, scale, false);
        BufferedImage png = ImageIO.read(files.grids().get(0).toFile());
        assertColourBar(png);
        // the map tiles are the middle column of each row: with alpha 1 the overlay is the map too
        float[][] maps = {r.map(0, 0), r.map(1, 0)};
        float gridMax = 0;
        for (float[] m : maps) {
          for (float v : m) {
            gridMax = Math.max(gridMax, v);
          }
        }
        for (int l = 0; l < 2; l++) {
          float[] unit =
              scale == MapScale.GRID
                  ? Heatmaps.onScale(maps[l], gridMax)
                  : Heatmaps.scaleToUnit(maps[l]);
          float[] expected = Heatmaps.colorize(unit);
          int[] colours = tileColours(png, l);
          int matching = 0;
          for (int i = 0; i < 64; i++) {
            Color want = new Color(expected[i * 3], expected[i * 3 + 1], expected[i * 3 + 2]);
            matching +=
                Math.abs(new Color(colours[i]).getRed() - want.getRed()) <= 1
                        && Math.abs(new Color(colours[i]).getBlue() - want.getBlue()) <= 1
                    ? 1
                    : 0;
          }
          assertEquals(64, matching, scale + ", layer " + l);
        }
      }
    }
  }

  /**
   * The 8 × 8 source pixels of the map tile (second column) of grid row {@code row}, sampled at
   * each source pixel's centre; tiles are 96 px, 6 px apart, below a 66 px header.
   */
  private static int[] tileColours(BufferedImage png, int row) {
    int tile = 96;
    int gap = 6;
    int tilesRight = png.getWidth() - ImageGrid.COLOUR_BAR_AREA;
    int left = tilesRight - 3 * (tile + gap) - gap;
    int x0 = left + gap + (tile + gap);
    int y0 = 66 + gap + row * (tile + gap);
    int[] out = new int[64];
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        out[y * 8 + x] = png.getRGB(x0 + x * 12 + 6, y0 + y * 12 + 6);
      }
    }
    return out;
  }
}
