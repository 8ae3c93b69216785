package dev.reslab.analysis.robustness;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.reslab.analysis.inputs.ImageBatch;
import dev.reslab.analysis.metrics.LabelResult;
import dev.reslab.analysis.plot.ImageGrid;
import dev.reslab.model.io.AtomicFiles;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongConsumer;

/** A robustness study run over a data set and written as tables and pictures. */
public final class RobustnessReport {
  private RobustnessReport() {}

  /**
   * Runs {@code plan}; the first batch's first {@code examples} images are kept for the example
   * grid.
   *
   * @param progress called with the images done after each batch; may be null
   */
  public static Outcome run(
      ImageClassifier classifier,
      Iterable<LabelledBatch> data,
      RobustnessPlan plan,
      int examples,
      LongConsumer progress) {
    List<ImageBatch> kept = new ArrayList<>();
    RobustnessTable table =
        RobustnessStudy.run(classifier, watched(data, kept, examples, progress), plan);
    if (progress != null) {
      progress.accept(table.clean().total());
    }
    return new Outcome(table, plan, kept.isEmpty() ? null : kept.get(0));
  }

  /**
   * Runs {@code plan} on a multi-label head (labels named {@code labelNames}); the first batch's
   * first {@code examples} images are kept for the example grid.
   *
   * @param progress called with the images done after each batch; may be null
   */
  public static MultiLabelOutcome runMultiLabel(
      MultiLabelClassifier classifier,
      Iterable<LabelledBatch> data,
      RobustnessPlan plan,
      List<String> labelNames,
      int examples,
      LongConsumer progress) {
    List<ImageBatch> kept = new ArrayList<>();
    MultiLabelRobustnessTable table =
        RobustnessStudy.runMultiLabel(
            classifier, watched(data, kept, examples, progress), plan, labelNames);
    if (progress != null) {
      progress.accept(table.clean().images());
    }
    return new MultiLabelOutcome(table, plan, kept.isEmpty() ? null : kept.get(0));
  }

  /**
   * {@code data} as it is read: the first batch's first {@code examples} images go into {@code
   * kept}, and {@code progress} hears of each batch.
   */
  private static Iterable<LabelledBatch> watched(
      Iterable<LabelledBatch> data, List<ImageBatch> kept, int examples, LongConsumer progress) {
    return () ->
        new Iterator<>() {
          private final Iterator<LabelledBatch> it = data.iterator();
          private long seen;

          @Override
          public boolean hasNext() {
            return it.hasNext();
          }

          @Override
          public LabelledBatch next() {
            LabelledBatch b = it.next();
            if (kept.isEmpty() && examples > 0) {
              ImageBatch im = b.images();
              int n = Math.min(examples, im.batch());
              kept.add(
                  new ImageBatch(
                      Arrays.copyOf(im.pixels(), n * im.imageSize()),
                      n,
                      im.height(),
                      im.width(),
                      im.channels()));
            }
            seen += b.labels().length;
            if (progress != null) {
              progress.accept(seen - b.labels().length); // images finished before this batch
            }
            return b;
          }
        };
  }

  /**
   * A study's table with what made it.
   *
   * @param examples the first images of the data (null when none were kept)
   */
  public record Outcome(RobustnessTable table, RobustnessPlan plan, ImageBatch examples) {}

  /**
   * A multi-label study's table with what made it.
   *
   * @param examples the first images of the data (null when none were kept)
   */
  public record MultiLabelOutcome(
      MultiLabelRobustnessTable table, RobustnessPlan plan, ImageBatch examples) {}

  /**
   * Writes {@code robustness.csv}, {@code robustness.md}, {@code summary.json}, {@code
   * robustness-curves.png}, {@code robustness-bars.png} and {@code corruption-examples.png} (one
   * row per corruption, clean and each severity across, for the first example image).
   */
  public static Map<String, Path> write(Outcome outcome, Path dir, String title) {
    return write(outcome, dir, title, null, null);
  }

  /**
   * As {@link #write(Outcome, Path, String)}, with mCE against {@code baseline}'s table of the same
   * plan (or null), and the precision the model (and the baseline) ran in, which {@code
   * summary.json} and {@code robustness.md} record (or null when unknown).
   */
  public static Map<String, Path> write(
      Outcome outcome, Path dir, String title, RobustnessTable baseline, String precision) {
    Map<String, Path> files = new LinkedHashMap<>();
    RobustnessTable t = outcome.table();
    t.writeCsv(dir.resolve("robustness.csv"));
    files.put("table", dir.resolve("robustness.csv"));
    String summary = summaryMarkdown(t, baseline);
    writeMarkdown(
        dir, files, precision, summary.isEmpty() ? markdown(t) : summary + "\n" + markdown(t));
    AtomicFiles.writeString(dir.resolve("summary.json"), summaryJson(t, baseline, precision));
    files.put("summary", dir.resolve("summary.json"));
    t.writeSeverityCurves(
        dir.resolve("robustness-curves.png"), title + ": accuracy against severity");
    files.put("curves", dir.resolve("robustness-curves.png"));
    t.writeBarChart(
        dir.resolve("robustness-bars.png"), title + ": accuracy per corruption and severity");
    files.put("bars", dir.resolve("robustness-bars.png"));
    writeExamples(outcome.examples(), outcome.plan(), dir, title, files);
    return files;
  }

  /**
   * A multi-label study written as {@code robustness.csv} (macro ROC AUC and mean per-label
   * accuracy per version, with drops and the labels losing the most AUC), {@code
   * robustness_per_label.csv}, {@code robustness.md}, {@code summary.json}, {@code
   * robustness-curves.png} and {@code robustness-bars.png} (macro AUC), {@code
   * robustness-labels.png} (the labels losing the most AUC) and {@code corruption-examples.png}.
   *
   * @param precision the precision the model ran in, or null when unknown
   */
  public static Map<String, Path> write(
      MultiLabelOutcome outcome, Path dir, String title, String precision) {
    Map<String, Path> files = new LinkedHashMap<>();
    MultiLabelRobustnessTable t = outcome.table();
    t.writeCsv(dir.resolve("robustness.csv"), dir.resolve("robustness_per_label.csv"));
    files.put("table", dir.resolve("robustness.csv"));
    files.put("per_label", dir.resolve("robustness_per_label.csv"));
    String summary = summaryMarkdown(t);
    writeMarkdown(
        dir, files, precision, summary.isEmpty() ? markdown(t) : summary + "\n" + markdown(t));
    AtomicFiles.writeString(dir.resolve("summary.json"), summaryJson(t, precision));
    files.put("summary", dir.resolve("summary.json"));
    t.writeSeverityCurves(
        dir.resolve("robustness-curves.png"), title + ": macro ROC AUC against severity");
    files.put("curves", dir.resolve("robustness-curves.png"));
    t.writeBarChart(
        dir.resolve("robustness-bars.png"), title + ": macro ROC AUC per corruption and severity");
    files.put("bars", dir.resolve("robustness-bars.png"));
    if (!lost(t).isEmpty()) {
      t.writeLabelChart(
          dir.resolve("robustness-labels.png"),
          title + ": labels that lose the most AUC (mean over severities)",
          lost(t));
      files.put("labels", dir.resolve("robustness-labels.png"));
    }
    writeExamples(outcome.examples(), outcome.plan(), dir, title, files);
    return files;
  }

  /** Up to {@value #LABELS_CHARTED} labels that lose AUC on average, most first. */
  private static List<MultiLabelRobustnessTable.LabelDrop> lost(MultiLabelRobustnessTable t) {
    return t.meanAucDrops().stream().filter(d -> d.drop() > 0).limit(LABELS_CHARTED).toList();
  }

  /** How many of the labels that lose the most AUC the label chart and the summary show. */
  static final int LABELS_CHARTED = 10;

  private static void writeMarkdown(
      Path dir, Map<String, Path> files, String precision, String tables) {
    AtomicFiles.writeString(
        dir.resolve("robustness.md"),
        precision == null ? tables : precisionLine(precision) + "\n\n" + tables);
    files.put("markdown", dir.resolve("robustness.md"));
  }

  /** The line saying in which precision the clean and corrupted images were evaluated. */
  public static String precisionLine(String precision) {
    return "Clean and corrupted images were evaluated in " + precision + ".";
  }

  private static void writeExamples(
      ImageBatch examples, RobustnessPlan plan, Path dir, String title, Map<String, Path> files) {
    if (examples != null) {
      writeExamples(
          examples, 0, plan, dir.resolve("corruption-examples.png"), title + ": example image 0");
      files.put("examples", dir.resolve("corruption-examples.png"));
    }
  }

  /**
   * The summary numbers as JSON, for reports made later from the folder: clean accuracy, mean
   * corruption accuracy, each corruption's mean accuracy and, with a baseline, the corruption
   * errors and mCE (ImageNet-C's, relative to the baseline: below 1 is more robust).
   */
  static String summaryJson(RobustnessTable t, RobustnessTable baseline, String precision) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (precision != null) {
      m.put("precision", precision);
    }
    m.put("clean_accuracy", t.clean().accuracy());
    double mean = t.meanCorruptionAccuracy();
    m.put("mean_corruption_accuracy", Double.isNaN(mean) ? null : mean);
    t.meanAccuracyByCorruption().forEach((c, v) -> m.put("mean_accuracy_" + c, v));
    if (baseline != null) {
      m.put("mce_vs_baseline", t.meanCorruptionError(baseline));
      t.corruptionErrors(baseline).forEach((c, v) -> m.put("ce_vs_baseline_" + c, v));
    }
    return json(m);
  }

  /**
   * A multi-label study's summary numbers as JSON: clean macro ROC AUC and mean per-label accuracy,
   * their means over every corruption and severity and per corruption, and the labels that lose the
   * most AUC.
   */
  static String summaryJson(MultiLabelRobustnessTable t, String precision) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (precision != null) {
      m.put("precision", precision);
    }
    m.put("clean_auc_macro", finite(t.clean().aucMacro()));
    m.put("clean_accuracy", finite(t.clean().accuracy()));
    m.put("mean_corruption_auc_macro", finite(t.meanCorruptionAuc()));
    m.put("mean_corruption_accuracy", finite(t.meanCorruptionAccuracy()));
    t.meanAucByCorruption().forEach((c, v) -> m.put("mean_auc_macro_" + c, finite(v)));
    t.meanAccuracyByCorruption().forEach((c, v) -> m.put("mean_accuracy_" + c, finite(v)));
    m.put("most_auc_lost", mostAucLost(t));
    return json(m);
  }

  private static Double finite(double v) {
    return Double.isNaN(v) ? null : v;
  }

  /** The labels that lose the most AUC over all corruptions, as one line. */
  private static String mostAucLost(MultiLabelRobustnessTable t) {
    List<MultiLabelRobustnessTable.LabelDrop> lost = lost(t);
    if (lost.isEmpty()) {
      return "none";
    }
    return String.join(
        "; ",
        lost.stream()
            .map(
                d ->
                    String.format(
                        Locale.ROOT,
                        "%s %.2f %% -> %.2f %%",
                        d.name(),
                        100 * d.cleanAuc(),
                        100 * d.auc()))
            .toList());
  }

  private static String json(Map<String, Object> m) {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the robustness summary: " + e.getMessage(), e);
    }
  }

  /**
   * The summary numbers papers report: mean accuracy over corruptions and severities, each
   * corruption's mean, and, with a baseline model's table of the same plan, ImageNet-C's corruption
   * errors and mCE.
   *
   * @param baseline the baseline's table, or null
   */
  public static String summaryMarkdown(RobustnessTable t, RobustnessTable baseline) {
    double mean = t.meanCorruptionAccuracy();
    if (Double.isNaN(mean)) {
      return "";
    }
    StringBuilder md =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "Clean accuracy %.2f %%; mean accuracy over "
                    + "all corruptions and severities %.2f %% (CIFAR-10-C's mean corruption accuracy).%n%n",
                100 * t.clean().accuracy(),
                100 * mean));
    Map<String, Double> ce = baseline == null ? null : t.corruptionErrors(baseline);
    md.append(
        ce == null
            ? "| corruption | mean accuracy over severities |\n|---|---|\n"
            : "| corruption | mean accuracy over severities | baseline's | corruption error (CE) |\n|---|---|---|---|\n");
    Map<String, Double> baseMeans = baseline == null ? null : baseline.meanAccuracyByCorruption();
    t.meanAccuracyByCorruption()
        .forEach(
            (name, acc) -> {
              md.append(String.format(Locale.ROOT, "| %s | %.2f %% |", name, 100 * acc));
              if (ce != null) {
                md.append(
                    String.format(
                        Locale.ROOT, " %.2f %% | %.3f |", 100 * baseMeans.get(name), ce.get(name)));
              }
              md.append('\n');
            });
    if (ce != null) {
      md.append(
          String.format(
              Locale.ROOT,
              "%nmCE relative to the baseline: %.3f (ImageNet-C's definition: each "
                  + "corruption's errors summed over severities, divided by the baseline's, averaged; below 1 is more "
                  + "robust).%n",
              t.meanCorruptionError(baseline)));
    }
    return md.toString();
  }

  /**
   * The table in Markdown: corruption, severity, parameter, accuracy, 95 % interval, drop from
   * clean.
   */
  public static String markdown(RobustnessTable t) {
    StringBuilder md =
        new StringBuilder(
            "| corruption | severity | parameter | correct / total | accuracy | 95 % "
                + "interval | drop |\n|---|---|---|---|---|---|---|\n");
    for (RobustnessRow r : t.rows()) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %d / %d | %.2f %% | %.2f – %.2f %% | %s |%n",
              r.corruption(),
              severity(r.severity()),
              r.clean() ? "–" : trim(r.parameter()),
              r.correct(),
              r.total(),
              100 * r.accuracy(),
              100 * r.interval().lower(),
              100 * r.interval().upper(),
              r.clean() ? "–" : String.format(Locale.ROOT, "%.2f pp", 100 * t.drop(r))));
    }
    return md.toString();
  }

  /**
   * A multi-label study's summary: clean macro ROC AUC and mean per-label accuracy, their means
   * over all corruptions and severities and per corruption, and the labels that lose the most AUC;
   * empty with direct parameters only.
   */
  public static String summaryMarkdown(MultiLabelRobustnessTable t) {
    double auc = t.meanCorruptionAuc();
    if (Double.isNaN(auc)) {
      return "";
    }
    StringBuilder md =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "Clean macro ROC AUC %.2f %% (over the %d of %d labels with positives and"
                    + " negatives here), mean per-label accuracy %.2f %% (%d images); over all"
                    + " corruptions and severities: macro AUC %.2f %%, accuracy %.2f %%.%n%n",
                100 * t.clean().aucMacro(),
                t.clean().labels().stream().filter(LabelResult::aucDefined).count(),
                t.labelNames().size(),
                100 * t.clean().accuracy(),
                t.clean().images(),
                100 * auc,
                100 * t.meanCorruptionAccuracy()));
    md.append(
        "| corruption | mean macro AUC over severities | mean per-label accuracy |\n|---|---|---|\n");
    Map<String, Double> accuracy = t.meanAccuracyByCorruption();
    t.meanAucByCorruption()
        .forEach(
            (name, a) ->
                md.append(
                    String.format(
                        Locale.ROOT,
                        "| %s | %.2f %% | %.2f %% |%n",
                        name,
                        100 * a,
                        100 * accuracy.get(name))));
    md.append("\nLabels that lose the most AUC (clean → mean over every corrupted version): ")
        .append(mostAucLost(t).replace("->", "→"))
        .append(".\n");
    return md.toString();
  }

  /**
   * A multi-label study's table in Markdown: corruption, severity, parameter, macro AUC and mean
   * per-label accuracy with their drops from clean, and the labels that lose the most AUC.
   */
  public static String markdown(MultiLabelRobustnessTable t) {
    StringBuilder md =
        new StringBuilder(
            "| corruption | severity | parameter | images | macro AUC | drop | per-label accuracy |"
                + " drop | labels losing most AUC |\n|---|---|---|---|---|---|---|---|---|\n");
    for (MultiLabelRobustnessRow r : t.rows()) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %d | %.2f %% | %s | %.2f %% | %s | %s |%n",
              r.corruption(),
              severity(r.severity()),
              r.clean() ? "–" : trim(r.parameter()),
              r.images(),
              100 * r.aucMacro(),
              r.clean() ? "–" : String.format(Locale.ROOT, "%.2f pp", 100 * t.aucDrop(r)),
              100 * r.accuracy(),
              r.clean() ? "–" : String.format(Locale.ROOT, "%.2f pp", 100 * t.accuracyDrop(r)),
              r.clean() ? "–" : t.mostAucLost(r)));
    }
    return md.toString();
  }

  private static String severity(int severity) {
    return severity > 0 ? Integer.toString(severity) : severity == 0 ? "–" : "direct";
  }

  /**
   * Image {@code n} of {@code images} under every corruption of {@code plan}: rows corruptions,
   * columns levels.
   */
  public static void writeExamples(
      ImageBatch images, int n, RobustnessPlan plan, Path png, String title) {
    ImageBatch one =
        new ImageBatch(images.image(n), 1, images.height(), images.width(), images.channels());
    Map<String, List<RobustnessPlan.Step>> byName = new LinkedHashMap<>();
    for (RobustnessPlan.Step s : plan.corruptions()) {
      byName.computeIfAbsent(s.corruption().name(), k -> new ArrayList<>()).add(s);
    }
    int levels = byName.values().stream().mapToInt(List::size).max().orElse(0);
    List<String> columns = new ArrayList<>();
    columns.add("clean");
    List<RobustnessPlan.Step> first = byName.values().iterator().next();
    for (int i = 0; i < levels; i++) {
      RobustnessPlan.Step s = i < first.size() ? first.get(i) : null;
      columns.add(s != null && s.severity() > 0 ? "severity " + s.severity() : "level " + (i + 1));
    }
    List<String> rowLabels = new ArrayList<>();
    List<List<ImageGrid.Tile>> rows = new ArrayList<>();
    ImageGrid.Tile clean =
        new ImageGrid.Tile(one.pixels(), one.height(), one.width(), one.channels());
    for (Map.Entry<String, List<RobustnessPlan.Step>> e : byName.entrySet()) {
      List<ImageGrid.Tile> row = new ArrayList<>();
      row.add(clean);
      StringBuilder label = new StringBuilder(e.getKey());
      for (int i = 0; i < levels; i++) {
        if (i < e.getValue().size()) {
          Corruption c = e.getValue().get(i).corruption();
          // index n of the data, the same draw as the study's
          ImageBatch corrupted = c.apply(one, plan.seed(), n);
          row.add(
              new ImageGrid.Tile(corrupted.pixels(), one.height(), one.width(), one.channels()));
        } else {
          row.add(null);
        }
      }
      rowLabels.add(label.toString());
      rows.add(row);
    }
    ImageGrid.write(
        png, title, rowLabels, columns, rows, Math.max(64, Math.min(160, 3 * one.height())));
  }

  private static String trim(double v) {
    return new BigDecimal(v)
        .setScale(4, RoundingMode.HALF_EVEN)
        .stripTrailingZeros()
        .toPlainString();
  }
}
