package dev.reslab.analysis.explain;

import dev.reslab.analysis.plot.ImageGrid;
import dev.reslab.interop.array.FloatArray;
import dev.reslab.interop.array.NpyFile;
import dev.reslab.model.io.AtomicFiles;
import dev.reslab.model.io.CsvWriter;
import dev.reslab.model.resnet.Head;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes explanations as files: raw maps as {@code .npy} (float32, NumPy-readable) and one PNG grid
 * per image — for Grad-CAM one row per layer with the image, the map in colour and the overlay; for
 * occlusion one row. Every grid has a colour bar stating its scale: Grad-CAM maps each to its own
 * maximum or one maximum for the grid ({@link MapScale}); occlusion the absolute drop in the
 * target's probability from 0 to 1, so a map without drops never looks hot.
 */
public final class ExplanationFiles {
  private ExplanationFiles() {}

  /** Grad-CAM files of one result; faithfulness scores per layer and image may be null. */
  public record GradCamOutput(List<Path> grids, List<Path> arrays, Path table) {}

  /**
   * Writes, for image i, {@code <name_i>-<method>.npy} ([layers, H, W] upsampled maps,
   * unnormalised) and {@code <name_i>-<method>.png}, plus {@code <method>.csv} with one row per
   * image and layer.
   *
   * @param names a file-name stem per image
   * @param labelNames class or attribute names (null for indices)
   * @param alpha overlay weight of the colour map
   * @param faithfulness per layer, per image (or null)
   */
  public static GradCamOutput writeGradCam(
      GradCamResult r,
      Path dir,
      List<String> names,
      List<String> labelNames,
      float alpha,
      List<List<FaithfulnessScore>> faithfulness) {
    return writeGradCam(r, dir, names, labelNames, alpha, faithfulness, MapScale.MAP, false);
  }

  /**
   * As {@link #writeGradCam(GradCamResult, Path, List, List, float, List)}, each grid's maps
   * coloured on {@code scale}; with {@code appendToTable} the rows are added to an existing {@code
   * <method>.csv} (results of one run computed batch by batch).
   */
  public static GradCamOutput writeGradCam(
      GradCamResult r,
      Path dir,
      List<String> names,
      List<String> labelNames,
      float alpha,
      List<List<FaithfulnessScore>> faithfulness,
      MapScale scale,
      boolean appendToTable) {
    int n = r.images().batch();
    if (names.size() != n) {
      throw new IllegalArgumentException("got " + names.size() + " names for " + n + " images");
    }
    int h = r.images().height();
    int w = r.images().width();
    String method = r.method().label().replace("++", "pp");
    List<Path> grids = new ArrayList<>();
    List<Path> arrays = new ArrayList<>();
    CsvWriter csv =
        new CsvWriter(
            "image",
            "layer",
            "method",
            "target",
            "target_name",
            "target_probability",
            "predicted",
            "predicted_name",
            "map_max",
            "deletion_auc",
            "top_fraction",
            "confidence_drop");
    for (int i = 0; i < n; i++) {
      Target.Resolved t = r.targets().get(i);
      float[] stack = new float[r.layers().size() * h * w];
      List<List<ImageGrid.Tile>> rows = new ArrayList<>();
      List<String> rowLabels = new ArrayList<>();
      ImageGrid.Tile image = new ImageGrid.Tile(r.images().image(i), h, w, 3);
      float gridMax = 0;
      for (int l = 0; l < r.layers().size(); l++) {
        gridMax = Math.max(gridMax, max(r.map(l, i)));
      }
      for (int l = 0; l < r.layers().size(); l++) {
        float[] map = r.map(l, i);
        System.arraycopy(map, 0, stack, l * h * w, h * w);
        float max = max(map);
        float[] unit =
            scale == MapScale.GRID && gridMax > 0
                ? Heatmaps.onScale(map, gridMax)
                : Heatmaps.scaleToUnit(map);
        rows.add(
            List.of(
                image,
                new ImageGrid.Tile(Heatmaps.colorize(unit), h, w, 3),
                new ImageGrid.Tile(Heatmaps.overlay(r.images().image(i), unit, alpha), h, w, 3)));
        FaithfulnessScore f = faithfulness == null ? null : faithfulness.get(l).get(i);
        rowLabels.add(
            r.layers().get(l)
                + String.format(Locale.ROOT, ", max %.2g", max)
                + (f == null
                    ? ""
                    : String.format(Locale.ROOT, ", del. AUC %.2f", f.deletionAuc())));
        csv.row(
            names.get(i),
            r.layers().get(l),
            r.method().label(),
            t.label(r.head()),
            name(labelNames, t.index()),
            (double) r.targetProbabilities()[i],
            r.predicted()[i],
            name(labelNames, r.predicted()[i]),
            (double) max,
            f == null ? null : (Object) f.deletionAuc(),
            f == null ? null : (Object) f.topFraction(),
            f == null ? null : (Object) f.confidenceDrop());
      }
      Path npy = dir.resolve(names.get(i) + "-" + method + ".npy");
      writeNpy(npy, new FloatArray(new long[] {r.layers().size(), h, w}, stack));
      arrays.add(npy);
      Path png = dir.resolve(names.get(i) + "-" + method + ".png");
      // short enough for three tiles: the predicted output only when it is not the target
      String title =
          String.format(
              Locale.ROOT,
              "%s: %s of %s, p %.3f%s",
              names.get(i),
              r.method().label(),
              targetText(t, labelNames, r.head()),
              r.targetProbabilities()[i],
              r.predicted()[i] == t.index()
                  ? ""
                  : " (predicted " + name(labelNames, r.predicted()[i]) + ")");
      ImageGrid.write(
          png,
          title,
          rowLabels,
          List.of("image", r.method().label() + " map", "overlay"),
          rows,
          Math.max(96, Math.min(224, 4 * Math.max(h, w))),
          scale == MapScale.GRID && gridMax > 0
              ? new ImageGrid.ColourBar(
                  r.method().label() + ", one scale for the grid",
                  "0",
                  String.format(Locale.ROOT, "%.3g", gridMax),
                  Heatmaps::awtColor)
              : new ImageGrid.ColourBar(
                  r.method().label() + ", each map to its max",
                  "0",
                  "its max",
                  Heatmaps::awtColor));
      grids.add(png);
    }
    Path table = dir.resolve(method + ".csv");
    String text = csv.text();
    if (appendToTable && Files.isRegularFile(table)) {
      try {
        text = Files.readString(table) + text.substring(text.indexOf('\n') + 1);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + table + ": " + e.getMessage(), e);
      }
    }
    AtomicFiles.writeString(table, text);
    return new GradCamOutput(grids, arrays, table);
  }

  /**
   * Writes {@code <name>-occlusion.npy} ([H, W] heatmap of probability drops) and {@code
   * <name>-occlusion.png} (image, heatmap, overlay).
   */
  public static Path writeOcclusion(
      OcclusionMap map,
      float[] image,
      Path dir,
      String name,
      List<String> labelNames,
      Head head,
      OcclusionSettings settings,
      float alpha) {
    int h = map.height();
    int w = map.width();
    writeNpy(
        dir.resolve(name + "-occlusion.npy"), new FloatArray(new long[] {h, w}, map.heatmap()));
    // the absolute drop on a fixed 0 -> 1 scale: a map whose drops are all ~0 stays cold
    float[] unit = Heatmaps.onScale(map.heatmap(), 1f);
    float maxDrop = 0;
    for (float d : map.drops()) {
      maxDrop = Math.max(maxDrop, d);
    }
    Path png = dir.resolve(name + "-occlusion.png");
    String title =
        String.format(
            Locale.ROOT,
            "%s: occlusion of %s, p %.3f (patch %d, stride %d, %s)",
            name,
            targetText(map.target(), labelNames, head),
            map.probability(),
            settings.patch(),
            settings.stride(),
            settings.baseline());
    String row = String.format(Locale.ROOT, "largest patch drop %.3f", maxDrop);
    ImageGrid.write(
        png,
        title,
        List.of(row),
        List.of("image", "probability drop", "overlay"),
        List.of(
            List.of(
                new ImageGrid.Tile(image, h, w, 3),
                new ImageGrid.Tile(Heatmaps.colorize(unit), h, w, 3),
                new ImageGrid.Tile(Heatmaps.overlay(image, unit, alpha), h, w, 3))),
        Math.max(96, Math.min(224, 4 * Math.max(h, w))),
        new ImageGrid.ColourBar("drop in p(target)", "0 (or a rise)", "1", Heatmaps::awtColor));
    return png;
  }

  private static float max(float[] map) {
    float max = 0;
    for (float v : map) {
      max = Math.max(max, v);
    }
    return max;
  }

  static String name(List<String> labelNames, int index) {
    return labelNames == null || index < 0 || index >= labelNames.size()
        ? Integer.toString(index)
        : labelNames.get(index);
  }

  static String targetText(Target.Resolved t, List<String> labelNames, Head head) {
    String n = name(labelNames, t.index());
    return head == Head.SIGMOID ? n + (t.positive() ? " (positive)" : " (negative)") : n;
  }

  /** .npy through a temporary sibling and one rename, so readers never see half a file. */
  static void writeNpy(Path file, FloatArray array) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
      try {
        NpyFile.write(tmp, array);
        AtomicFiles.move(tmp, file);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
