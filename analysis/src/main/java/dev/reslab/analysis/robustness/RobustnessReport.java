package dev.reslab.analysis.robustness;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.reslab.analysis.inputs.ImageBatch;
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
    Iterable<LabelledBatch> watched =
        () ->
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
    RobustnessTable table = RobustnessStudy.run(classifier, watched, plan);
    if (progress != null) {
      progress.accept(table.clean().total());
    }
    return new Outcome(table, plan, kept.isEmpty() ? null : kept.get(0));
  }

  /**
   * A study's table with what made it.
   *
   * @param examples the first images of the data (null when none were kept)
   */
  public record Outcome(RobustnessTable table, RobustnessPlan plan, ImageBatch examples) {}

  /**
   * Writes {@code robustness.csv}, {@code robustness.md}, {@code summary.json}, {@code
   * robustness-curves.png}, {@code robustness-bars.png} and {@code corruption-examples.png} (one
   * row per corruption, clean and each severity across, for the first example image).
   */
  public static Map<String, Path> write(Outcome outcome, Path dir, String title) {
    return write(outcome, dir, title, null);
  }

  /**
   * As {@link #write(Outcome, Path, String)}, with mCE against {@code baseline}'s table of the same
   * plan.
   */
  public static Map<String, Path> write(
      Outcome outcome, Path dir, String title, RobustnessTable baseline) {
    Map<String, Path> files = new LinkedHashMap<>();
    RobustnessTable t = outcome.table();
    t.writeCsv(dir.resolve("robustness.csv"));
    files.put("table", dir.resolve("robustness.csv"));
    String summary = summaryMarkdown(t, baseline);
    AtomicFiles.writeString(
        dir.resolve("robustness.md"),
        summary.isEmpty() ? markdown(t) : summary + "\n" + markdown(t));
    files.put("markdown", dir.resolve("robustness.md"));
    AtomicFiles.writeString(dir.resolve("summary.json"), summaryJson(t, baseline));
    files.put("summary", dir.resolve("summary.json"));
    t.writeSeverityCurves(
        dir.resolve("robustness-curves.png"), title + ": accuracy against severity");
    files.put("curves", dir.resolve("robustness-curves.png"));
    t.writeBarChart(
        dir.resolve("robustness-bars.png"), title + ": accuracy per corruption and severity");
    files.put("bars", dir.resolve("robustness-bars.png"));
    if (outcome.examples() != null) {
      writeExamples(
          outcome.examples(),
          0,
          outcome.plan(),
          dir.resolve("corruption-examples.png"),
          title + ": example image " + 0);
      files.put("examples", dir.resolve("corruption-examples.png"));
    }
    return files;
  }

  /**
   * The summary numbers as JSON, for reports made later from the folder: clean accuracy, mean
   * corruption accuracy, each corruption's mean accuracy and, with a baseline, the corruption
   * errors and mCE (ImageNet-C's, relative to the baseline: below 1 is more robust).
   */
  static String summaryJson(RobustnessTable t, RobustnessTable baseline) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("clean_accuracy", t.clean().accuracy());
    double mean = t.meanCorruptionAccuracy();
    m.put("mean_corruption_accuracy", Double.isNaN(mean) ? null : mean);
    t.meanAccuracyByCorruption().forEach((c, v) -> m.put("mean_accuracy_" + c, v));
    if (baseline != null) {
      m.put("mce_vs_baseline", t.meanCorruptionError(baseline));
      t.corruptionErrors(baseline).forEach((c, v) -> m.put("ce_vs_baseline_" + c, v));
    }
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
              r.severity() > 0
                  ? Integer.toString(r.severity())
                  : r.severity() == 0 ? "–" : "direct",
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
