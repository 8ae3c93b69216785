package dev.reslab.analysis.explain;

import dev.reslab.analysis.plot.ImageGrid;
import dev.reslab.model.layers.ModelVariable;
import dev.reslab.model.resnet.ResNet;
import dev.reslab.model.tensor.FloatTensors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Result;
import org.tensorflow.Session;

/**
 * Convolution kernels as pictures: the first convolution's [kh, kw, 3, out] kernels as RGB tiles,
 * one per filter; deeper kernels as grayscale grids, one row per output channel and one tile per
 * input channel. Each filter (or output channel) is scaled symmetrically, 0.5 + 0.5 · w / max|w|,
 * so mid-gray is zero.
 */
public final class FilterGrid {
  private FilterGrid() {}

  /**
   * A convolution kernel, HWIO.
   *
   * @param shape [kh, kw, in, out]
   */
  public record Kernel(String layer, long[] shape, float[] values) {
    int kh() {
      return (int) shape[0];
    }

    int kw() {
      return (int) shape[1];
    }

    int in() {
      return (int) shape[2];
    }

    int out() {
      return (int) shape[3];
    }

    float at(int y, int x, int i, int o) {
      return values[((y * kw() + x) * in() + i) * out() + o];
    }
  }

  /**
   * The kernel of convolution layer {@code layer}; a layer without one is an error listing those
   * that have one.
   */
  public static Kernel kernel(ResNet model, Session session, String layer) {
    List<String> convolutions = new ArrayList<>();
    for (ModelVariable v : model.variables()) {
      if (v.role().equals("kernel") && v.shape().numDimensions() == 4) {
        convolutions.add(v.layer());
        if (v.layer().equals(layer)) {
          try (Result r = session.runner().fetch(v.value()).run()) {
            return new Kernel(layer, v.shape().asArray(), FloatTensors.toArray(r.get(0)));
          }
        }
      }
    }
    throw new IllegalArgumentException(
        "layer '"
            + layer
            + "' has no convolution kernel; convolution layers are "
            + String.join(", ", convolutions));
  }

  /**
   * The kernels as RGB tiles (needs 3 input channels), {@code columns} per row, at most {@code max}
   * (0 = all).
   */
  public static void writeRgb(Kernel kernel, int max, int columns, Path png) {
    if (kernel.in() != 3) {
      throw new IllegalArgumentException(
          "layer '"
              + kernel.layer()
              + "' has "
              + kernel.in()
              + " input channels; "
              + "RGB tiles need 3 (the first convolution)");
    }
    int shown = max <= 0 ? kernel.out() : Math.min(max, kernel.out());
    List<ImageGrid.Tile> tiles = new ArrayList<>();
    for (int o = 0; o < shown; o++) {
      float scale = 0;
      for (int y = 0; y < kernel.kh(); y++) {
        for (int x = 0; x < kernel.kw(); x++) {
          for (int i = 0; i < 3; i++) {
            scale = Math.max(scale, Math.abs(kernel.at(y, x, i, o)));
          }
        }
      }
      float[] px = new float[kernel.kh() * kernel.kw() * 3];
      for (int y = 0; y < kernel.kh(); y++) {
        for (int x = 0; x < kernel.kw(); x++) {
          for (int i = 0; i < 3; i++) {
            px[(y * kernel.kw() + x) * 3 + i] = symmetric(kernel.at(y, x, i, o), scale);
          }
        }
      }
      tiles.add(new ImageGrid.Tile(px, kernel.kh(), kernel.kw(), 3));
    }
    writeRows(
        png,
        kernel.layer()
            + ": "
            + shown
            + " of "
            + kernel.out()
            + " filters ("
            + kernel.kh()
            + "x"
            + kernel.kw()
            + ", RGB, gray = 0)",
        tiles,
        columns,
        "filter ");
  }

  /**
   * One row per output channel (the first {@code maxOut}, 0 = all), one grayscale tile per input
   * channel (the first {@code maxIn}, 0 = all).
   */
  public static void writeGrayscale(Kernel kernel, int maxOut, int maxIn, Path png) {
    int outs = maxOut <= 0 ? kernel.out() : Math.min(maxOut, kernel.out());
    int ins = maxIn <= 0 ? kernel.in() : Math.min(maxIn, kernel.in());
    List<List<ImageGrid.Tile>> rows = new ArrayList<>();
    List<String> rowLabels = new ArrayList<>();
    List<String> columnLabels = new ArrayList<>();
    for (int i = 0; i < ins; i++) {
      columnLabels.add("in " + i);
    }
    for (int o = 0; o < outs; o++) {
      float scale = 0;
      for (int v = 0; v < kernel.values().length; v++) {
        if (v % kernel.out() == o) {
          scale = Math.max(scale, Math.abs(kernel.values()[v]));
        }
      }
      List<ImageGrid.Tile> row = new ArrayList<>();
      for (int i = 0; i < ins; i++) {
        float[] px = new float[kernel.kh() * kernel.kw()];
        for (int y = 0; y < kernel.kh(); y++) {
          for (int x = 0; x < kernel.kw(); x++) {
            px[y * kernel.kw() + x] = symmetric(kernel.at(y, x, i, o), scale);
          }
        }
        row.add(new ImageGrid.Tile(px, kernel.kh(), kernel.kw(), 1));
      }
      rows.add(row);
      rowLabels.add("out " + o);
    }
    ImageGrid.write(
        png,
        kernel.layer()
            + ": "
            + kernel.kh()
            + "x"
            + kernel.kw()
            + " kernels, "
            + outs
            + " of "
            + kernel.out()
            + " outputs x "
            + ins
            + " of "
            + kernel.in()
            + " inputs (gray = 0)",
        rowLabels,
        columnLabels,
        rows,
        40);
  }

  static float symmetric(float w, float scale) {
    return scale == 0 ? 0.5f : 0.5f + 0.5f * w / scale;
  }

  private static void writeRows(
      Path png, String title, List<ImageGrid.Tile> tiles, int columns, String prefix) {
    int cols = Math.max(1, Math.min(columns, tiles.size()));
    List<List<ImageGrid.Tile>> rows = new ArrayList<>();
    List<String> rowLabels = new ArrayList<>();
    List<String> columnLabels = new ArrayList<>();
    for (int j = 0; j < cols; j++) {
      columnLabels.add("+" + j);
    }
    for (int start = 0; start < tiles.size(); start += cols) {
      List<ImageGrid.Tile> row = new ArrayList<>();
      for (int j = 0; j < cols; j++) {
        row.add(start + j < tiles.size() ? tiles.get(start + j) : null);
      }
      rows.add(row);
      rowLabels.add(prefix + start);
    }
    ImageGrid.write(png, title, rowLabels, columnLabels, rows, 56);
  }
}
