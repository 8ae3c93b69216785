package dev.reslab.analysis.explain;

import dev.reslab.analysis.inputs.ImageBatch;
import dev.reslab.analysis.plot.ImageGrid;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The feature maps of a named layer for one image as a grid: one grayscale tile per channel (all,
 * or the first K), each scaled to its own [min, max] so weak channels still show their pattern.
 */
public final class ActivationGrid {
  private ActivationGrid() {}

  /**
   * Computes {@code layer}'s output for image {@code n} and writes the grid to {@code png}.
   *
   * @param maxChannels the first K channels (0 for all)
   * @param columns tiles per row
   * @return the layer's output for that image ([1, h, w, C])
   */
  public static ExplainableModel.LayerOutput write(
      ExplainableModel model,
      ImageBatch images,
      int n,
      String layer,
      int maxChannels,
      int columns,
      Path png) {
    if (columns < 1) {
      throw new IllegalArgumentException(
          "an activation grid needs at least 1 column, got " + columns);
    }
    ImageBatch one =
        new ImageBatch(images.image(n), 1, images.height(), images.width(), images.channels());
    ExplainableModel.LayerOutput out = model.layerOutput(layer, one);
    if (out.shape().length != 4) {
      throw new IllegalArgumentException(
          "layer '"
              + layer
              + "' has output shape "
              + Arrays.toString(out.shape())
              + ", not a feature map [N, h, w, C]; choose a convolutional layer");
    }
    int h = (int) out.shape()[1];
    int w = (int) out.shape()[2];
    int c = (int) out.shape()[3];
    int shown = maxChannels <= 0 ? c : Math.min(c, maxChannels);
    List<List<ImageGrid.Tile>> rows = new ArrayList<>();
    List<String> rowLabels = new ArrayList<>();
    List<String> columnLabels = new ArrayList<>();
    for (int j = 0; j < Math.min(columns, shown); j++) {
      columnLabels.add("+" + j);
    }
    for (int start = 0; start < shown; start += columnLabels.size()) {
      List<ImageGrid.Tile> row = new ArrayList<>();
      for (int j = 0; j < columnLabels.size(); j++) {
        int ch = start + j;
        row.add(
            ch < shown
                ? new ImageGrid.Tile(Heatmaps.minMax(channel(out.values(), h * w, c, ch)), h, w, 1)
                : null);
      }
      rows.add(row);
      rowLabels.add("ch " + start);
    }
    ImageGrid.write(
        png,
        layer
            + ": "
            + shown
            + " of "
            + c
            + " channels, "
            + h
            + "x"
            + w
            + " (each scaled to its "
            + "range)",
        rowLabels,
        columnLabels,
        rows,
        Math.max(48, Math.min(128, 4 * h)));
    return out;
  }

  static float[] channel(float[] values, int positions, int channels, int ch) {
    float[] out = new float[positions];
    for (int p = 0; p < positions; p++) {
      out[p] = values[p * channels + ch];
    }
    return out;
  }
}
