package dev.reslab.analysis.report;

import dev.reslab.analysis.metrics.WilsonInterval;
import dev.reslab.analysis.study.StudyResults;
import dev.reslab.data.Task;
import dev.reslab.model.training.EpochResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A model card (after Mitchell et al., "Model Cards for Model Reporting") written from a run's own
 * metadata: model details, intended use, training and evaluation data, metrics with intervals,
 * robustness results when the run directory holds them, and limitations the numbers show.
 */
public final class ModelCard {
  private ModelCard() {}

  /**
   * @param run the run
   * @param data its data as measured
   * @param variant when the run belongs to a study: its variant's results over seeds
   */
  public static ReportDocument of(
      RunFacts run, DatasetFacts data, Optional<StudyResults.VariantResult> variant) {
    ReportDocument doc = new ReportDocument();
    var m = run.config().model();
    var t = run.config().training();
    doc.heading(1, "Model card: " + run.name());
    doc.heading(2, "Model details");
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("architecture", RunSection.describe(m)));
    rows.add(List.of("parameters", String.format(Locale.ROOT, "%,d trainable", run.parameters())));
    rows.add(
        List.of(
            "trained",
            run.config().created()
                + ", "
                + t.epochs()
                + " epochs, "
                + t.optimizer().type()
                + " lr "
                + t.optimizer().learningRate()
                + ", batch "
                + t.batchSize()
                + ", seed "
                + t.seed()
                + ", "
                + t.precision()));
    rows.add(List.of("initial weights", RunSection.initialisation(run)));
    rows.add(
        List.of(
            "software",
            run.config().versions().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + " " + e.getValue())
                .reduce((a, b) -> a + ", " + b)
                .orElse("unknown")));
    rows.add(
        List.of(
            "weights",
            "`"
                + run.dir().resolve("checkpoints")
                + "`"
                + run.bestEpoch()
                    .map(b -> " (best epoch " + b + " by " + run.selectedBy() + ")")
                    .orElse("")));
    doc.keyValues(rows);

    doc.heading(2, "Intended use");
    doc.paragraph(
        String.format(
            Locale.ROOT,
            "A research model for studying ResNet design on %s: %s of %s %s %s. It "
                + "was trained on %,d images for %d epoch%s; use it to compare variants trained the same way, not as a "
                + "classifier for decisions about people or property.",
            data.dataset(),
            data.task() == Task.MULTI_LABEL ? "multi-label prediction" : "classification",
            data.imageSize(),
            "images into",
            data.labels().size()
                + (data.task() == Task.MULTI_LABEL
                    ? " attributes"
                    : " classes (" + classList(data.labels()) + ")"),
            data.splits().get(0).used(),
            t.epochs(),
            t.epochs() == 1 ? "" : "s"));

    doc.heading(2, "Training data");
    var train = data.splits().get(0);
    doc.paragraph(
        String.format(
            Locale.ROOT,
            "%s, split `%s`: %,d of %,d images (%s); augmentation %s. See the "
                + "datasheet `datasheet-%s.md`.",
            data.dataset(),
            train.split(),
            train.used(),
            train.available(),
            train.selection(),
            data.augment() ? "on" : "off",
            data.dataset()));
    doc.heading(2, "Evaluation data");
    if (data.splits().size() > 1) {
      var val = data.splits().get(1);
      doc.paragraph(
          String.format(
              Locale.ROOT,
              "%s, split `%s`: %,d of %,d images (%s).",
              data.dataset(),
              val.split(),
              val.used(),
              val.available(),
              val.selection()));
    } else {
      doc.paragraph(
          "None: the run validated on no held-out split, so no metric below measures generalisation.");
    }

    doc.heading(2, "Metrics");
    metrics(doc, run, data, variant);

    doc.heading(2, "Robustness");
    List<Path> robustness =
        run.tables().stream()
            .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).contains("robust"))
            .toList();
    if (robustness.isEmpty()) {
      doc.paragraph(
          "Not measured for this run (run `reslab robustness` on it, then report again).");
    } else {
      for (var p : robustness) {
        CsvTable.read(p, 40)
            .map(ReportNumbers::display)
            .ifPresent(tb -> doc.table(tb.headers(), tb.rows(), tb.numeric()));
      }
    }

    doc.heading(2, "Limitations");
    doc.bullets(limitations(run, data, variant));
    return doc;
  }

  private static void metrics(
      ReportDocument doc,
      RunFacts run,
      DatasetFacts data,
      Optional<StudyResults.VariantResult> variant) {
    Optional<EpochResult> sel = run.selected();
    if (sel.isEmpty()) {
      doc.paragraph("No epoch has finished.");
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    long n = data.splits().size() > 1 ? data.splits().get(1).used() : 0;
    for (var e : sel.get().metrics().entrySet()) {
      if (!e.getKey().startsWith("val_") || Double.isNaN(e.getValue())) {
        continue;
      }
      String value = ReportNumbers.value(e.getKey(), e.getValue());
      // an interval over images fits one decision per image; a multi-label accuracy pools the
      // labels' decisions, which are not independent draws
      if (e.getKey().equals("val_accuracy") && n > 0 && data.task() != Task.MULTI_LABEL) {
        WilsonInterval w = WilsonInterval.of95(Math.round(e.getValue() * n), n);
        value =
            ReportNumbers.interval(e.getValue(), w.lower(), w.upper())
                + String.format(Locale.ROOT, " (Wilson, %,d images)", n);
      }
      rows.add(List.of(e.getKey(), value));
    }
    doc.paragraph("At epoch " + sel.get().epoch() + " (the selected checkpoint):");
    doc.table(List.of("metric", "value [95 % interval]"), rows, List.of(false, true));
    variant.ifPresent(
        v ->
            doc.paragraph(
                String.format(
                    Locale.ROOT,
                    "Over %d seeds of this variant: the last-epoch "
                        + "metric is %.4f ± %.4f (sd), 95 %% t-interval [%.4f, %.4f] (%d degrees of freedom).",
                    v.metric().n(),
                    v.metric().mean(),
                    v.metric().sd(),
                    v.metric().lower(),
                    v.metric().upper(),
                    v.metric().n() - 1)));
  }

  static List<String> limitations(
      RunFacts run, DatasetFacts data, Optional<StudyResults.VariantResult> variant) {
    List<String> notes = new ArrayList<>();
    var train = data.splits().get(0);
    if (train.used() < train.available()) {
      notes.add(
          String.format(
              Locale.ROOT,
              "Trained on %.1f %% of the training split (%,d images).",
              100.0 * train.used() / train.available(),
              train.used()));
    }
    int epochs = run.config().training().epochs();
    if (epochs < 10) {
      notes.add(
          epochs
              + " epoch"
              + (epochs == 1 ? "" : "s")
              + " of training: far from convergence; differences "
              + "between variants may change with longer training.");
    }
    if (variant.isEmpty() || variant.get().metric().n() < 2) {
      notes.add("One training seed: the spread due to initialisation and data order is unknown.");
    }
    if (data.splits().size() > 1 && data.splits().get(1).used() < 2000) {
      notes.add(
          String.format(
              Locale.ROOT,
              "Validated on %,d images: accuracy is uncertain by several points "
                  + "(see the interval).",
              data.splits().get(1).used()));
    }
    data.splits().stream()
        .filter(
            s ->
                !s.classCounts().isEmpty()
                    && s.classCounts().values().stream().anyMatch(c -> c == 0))
        .forEach(
            s -> notes.add("Some classes are absent from the " + s.role() + " examples used."));
    notes.addAll(
        Datasheet.caveats(data).stream()
            .filter(c -> c.startsWith("Stored as JPEG") || c.startsWith("Generated"))
            .toList());
    return notes;
  }

  /**
   * Classes named in a sentence: ImageNet's 1000 would fill a page, so the first 10 and a count.
   */
  static String classList(List<String> names) {
    int shown = 10;
    return names.size() <= shown + 2
        ? String.join(", ", names)
        : String.join(", ", names.subList(0, shown))
            + String.format(Locale.ROOT, " and %,d more", names.size() - shown);
  }
}
