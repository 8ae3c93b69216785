package dev.reslab.analysis.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The part of a report about a folder of analysis results made anywhere ({@code per-class}, {@code
 * robustness}, {@code gradcam} … {@code --out DIR}): the scalar facts of its {@code summary.json},
 * its CSV tables and its images. Sections appear for what the folder holds.
 */
final class ResultsSection {
  private static final int ROWS = 25;

  /** A row label and the first 20 classes of a confusion matrix, as its excerpt heatmap shows. */
  static final int COLUMNS = 21;

  /** How to read the faithfulness columns of a Grad-CAM table. */
  static final String DELETION_AUC =
      "How to read `deletion_auc`: the map's pixels are replaced by a blurred copy, most important "
          + "first, and the target's probability is followed from nothing deleted to everything "
          + "deleted; the area under that curve (fraction deleted on [0, 1]) is the deletion AUC "
          + "(Petsiuk et al. 2018). **Lower is better**: the probability falls as soon as the pixels "
          + "the map ranks highest go, so the map points at what the model uses. It measures "
          + "faithfulness to the model, not agreement with where a person sees the object; compare "
          + "layers or methods on the same images, since an image the model is unsure of starts "
          + "low anyway. `confidence_drop` is the probability lost with the map's top "
          + "`top_fraction` of pixels masked (higher is better). In the grids, the colour bar "
          + "states the scale: each map to its own maximum (`max` in the row label), or one scale "
          + "for the whole grid.";

  private ResultsSection() {}

  /** Whether {@code dir} holds results a report can show. */
  static boolean isResults(Path dir) {
    return Files.isDirectory(dir)
        && (!files(dir, ".csv").isEmpty()
            || !files(dir, ".png").isEmpty()
            || Files.isRegularFile(dir.resolve("summary.json")));
  }

  /**
   * The section of {@code dir}: first what made it ({@link AnalysisProvenance}), checked against
   * the report's {@code runs}, then its results.
   */
  static ReportDocument build(
      Path dir, String name, Path figures, List<Path> runs, AnalysisOrigins origins) {
    ReportDocument doc = new ReportDocument();
    doc.heading(2, "Results in " + name);
    doc.paragraph("Folder `" + dir + "`.");
    provenance(doc, dir, runs, origins);
    Path summary = dir.resolve("summary.json");
    if (Files.isRegularFile(summary)) {
      doc.keyValues(summaryRows(summary));
    }
    for (Path t : files(dir, ".csv")) {
      CsvTable.read(t, ROWS, COLUMNS)
          .map(ReportNumbers::display)
          .ifPresent(
              table -> {
                doc.paragraph("`" + dir.relativize(t) + "`" + table.extent());
                doc.table(table.headers(), table.rows(), table.numeric());
                if (table.headers().contains("deletion_auc")) {
                  doc.paragraph(DELETION_AUC);
                }
              });
    }
    for (Path png : files(dir, ".png")) {
      Path rel = dir.relativize(png);
      Path copy = figures.resolve(name).resolve(rel.toString());
      if (FolderFiles.copy(png, copy)) {
        doc.image(copy, name + ": " + rel);
      }
    }
    return doc;
  }

  /**
   * What made the folder, as a short table, and whether it came from the report's runs; a folder
   * from before {@value AnalysisProvenance#FILE} existed, or whose last command failed while
   * writing, says that it does not know.
   */
  private static void provenance(
      ReportDocument doc, Path dir, List<Path> runs, AnalysisOrigins origins) {
    Optional<AnalysisProvenance> record;
    try {
      record = AnalysisProvenance.read(dir);
    } catch (IllegalArgumentException e) {
      doc.paragraph("Warning: " + e.getMessage());
      return;
    }
    if (record.isEmpty()) {
      doc.paragraph(
          "No `"
              + AnalysisProvenance.FILE
              + "` in this folder: "
              + (AnalysisProvenance.unfinished(dir)
                  ? "a command that was writing results here did not finish, so its files may be "
                      + "a mix of old and new results and which model, precision or data made them "
                      + "is unknown."
                  : "it does not record which model, precision or data made it, so that is "
                      + "unknown."));
      return;
    }
    doc.keyValues(record.get().rows());
    verdict(doc, record.get(), runs, origins);
    for (AnalysisProvenance earlier : record.get().earlier()) {
      doc.paragraph(
          "Also in this folder, from before: "
              + earlier.madeBy()
              + " (written "
              + earlier.created()
              + ").");
      verdict(doc, earlier, runs, origins);
    }
  }

  private static void verdict(
      ReportDocument doc, AnalysisProvenance record, List<Path> runs, AnalysisOrigins origins) {
    origins
        .check(record, runs)
        .ifPresent(v -> doc.paragraph(v.warning() ? "**" + v.sentence() + "**" : v.sentence()));
  }

  /**
   * Scalars and short lists of a JSON object (summary.json, evaluation.json); accuracies and macro
   * AUCs as percentages.
   */
  static List<List<String>> summaryRows(Path file) {
    List<List<String>> rows = new ArrayList<>();
    try {
      JsonNode node = new ObjectMapper().readTree(file.toFile());
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode v = e.getValue();
        if (v.isNumber()
            && (e.getKey().contains("accuracy") || e.getKey().contains("auc_macro"))
            && v.asDouble() >= 0
            && v.asDouble() <= 1) {
          rows.add(List.of(e.getKey(), String.format(Locale.ROOT, "%.2f %%", 100 * v.asDouble())));
        } else if (v.isValueNode()) {
          rows.add(List.of(e.getKey(), v.asText()));
        } else if (v.isArray() && v.size() <= 20 && v.toString().length() <= 400) {
          List<String> items = new ArrayList<>();
          v.forEach(x -> items.add(x.isValueNode() ? x.asText() : x.toString()));
          rows.add(List.of(e.getKey(), String.join(", ", items)));
        }
      }
    } catch (IOException e) {
      rows.add(List.of("summary.json", "unreadable: " + e.getMessage()));
    }
    return rows;
  }

  /** Files with {@code suffix} in the folder and its sub-folders (see {@link FolderFiles}). */
  private static List<Path> files(Path dir, String suffix) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    return FolderFiles.find(dir, 3, suffix, Set.of());
  }
}
