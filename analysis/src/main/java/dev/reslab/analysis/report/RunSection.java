package dev.reslab.analysis.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reslab.analysis.metrics.WilsonInterval;
import dev.reslab.analysis.plot.ChartSpec;
import dev.reslab.analysis.plot.Series;
import dev.reslab.analysis.plot.XyPlot;
import dev.reslab.data.DataSpec;
import dev.reslab.model.engine.Precision;
import dev.reslab.model.resnet.ResNetConfig;
import dev.reslab.model.training.EpochResult;
import dev.reslab.model.training.LearningRateSchedule;
import dev.reslab.model.training.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The part of a report about one run: configuration, metrics per epoch, charts, observations, other
 * results.
 */
final class RunSection {
  private RunSection() {}

  /**
   * An analysis made from a run: a results folder of the report, or one inside the run directory.
   *
   * @param folder the folder as the report names it
   * @param record what made it
   * @param epoch the run's epoch it was computed from, or null when unknown
   * @param warning why it does not belong to the run after all, or null
   */
  record Analysis(String folder, AnalysisProvenance record, Integer epoch, String warning) {}

  static ReportDocument build(
      RunFacts run, DatasetFacts data, Path figures, List<Analysis> analyses) {
    ReportDocument doc = new ReportDocument();
    doc.heading(2, "Run " + run.name());
    if (run.imported()) {
      doc.paragraph(
          "Run directory `"
              + run.dir()
              + "`: imported weights, not trained here, so there is no "
              + "training section.");
      doc.keyValues(imported(run));
      evaluation(doc, run);
      analyses(doc, analyses);
      otherResults(doc, run, figures);
      return doc;
    }
    doc.paragraph("Run directory `" + run.dir() + "`, started " + run.config().created() + ".");
    if (run.data().spec().selectsOnTest()) {
      doc.paragraph("Warning: " + DataSpec.TEST_SELECTION_WARNING + ".");
    }
    doc.heading(3, "Configuration");
    doc.keyValues(configuration(run));
    doc.heading(3, "Metrics per epoch");
    if (run.epochs().isEmpty()) {
      doc.paragraph("No epoch has finished yet.");
      return doc;
    }
    metricsTable(doc, run);
    evaluation(doc, run);
    doc.heading(3, "Observations");
    doc.bullets(observations(run, data));
    charts(doc, run, figures);
    analyses(doc, analyses);
    otherResults(doc, run, figures);
    return doc;
  }

  static List<List<String>> configuration(RunFacts run) {
    ResNetConfig m = run.config().model();
    TrainingConfig t = run.config().training();
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("model", describe(m)));
    rows.add(List.of("parameters", String.format(Locale.ROOT, "%,d", run.parameters())));
    rows.add(List.of("initial weights", initialisation(run)));
    rows.add(
        List.of(
            "data set",
            run.data().spec().dataset()
                + (run.data().spec().dir() == null ? "" : " (`" + run.data().spec().dir() + "`)")));
    rows.add(
        List.of(
            "splits",
            "train on "
                + run.data().spec().trainSplit()
                + ", validate on "
                + (run.data().spec().validationSplit() == null
                    ? "nothing"
                    : run.data().spec().validationSplit())));
    rows.add(List.of("limits", limits(run)));
    rows.add(List.of("augmentation", run.data().spec().augment() ? "yes" : "no"));
    rows.add(List.of("epochs × batch", t.epochs() + " × " + t.batchSize()));
    rows.add(
        List.of(
            "optimizer",
            t.optimizer().type()
                + ", lr "
                + t.optimizer().learningRate()
                + (t.optimizer().type().toString().equals("sgd")
                    ? ", momentum " + t.optimizer().momentum()
                    : "")
                + ", weight decay "
                + t.optimizer().weightDecay()));
    rows.add(List.of("schedule", schedule(t.schedule())));
    rows.add(List.of("precision", precision(t.precision())));
    rows.add(List.of("run seed", Long.toString(t.seed())));
    rows.add(List.of("best epoch by", run.selectedBy()));
    rows.add(List.of("frozen", t.freeze().toString()));
    run.config().versions().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> rows.add(List.of(e.getKey() + " version", e.getValue())));
    return rows;
  }

  /**
   * {@code RUN/evaluation.json} (the best epoch on the whole test split), when the run was
   * evaluated.
   */
  private static void evaluation(ReportDocument doc, RunFacts run) {
    Path f = run.dir().resolve("evaluation.json");
    if (Files.isRegularFile(f)) {
      doc.heading(3, "Evaluation");
      doc.keyValues(ResultsSection.summaryRows(f));
    }
  }

  /**
   * The analyses made from this run, with the epoch and precision of each; those computed in bf16
   * say so, since their numbers can differ a little from fp32 ones.
   */
  private static void analyses(ReportDocument doc, List<Analysis> analyses) {
    if (analyses == null || analyses.isEmpty()) {
      return;
    }
    doc.heading(3, "Analyses of this run");
    List<List<String>> rows = new ArrayList<>();
    List<String> bf16 = new ArrayList<>();
    for (Analysis a : analyses) {
      AnalysisProvenance r = a.record();
      rows.add(
          List.of(
              "`" + a.folder() + "`",
              "`" + r.command() + "`",
              a.epoch() == null ? "?" : a.epoch().toString(),
              r.model() == null ? "?" : AnalysisOrigins.shortHash(r.model().sha256()),
              r.precision() == null ? "?" : r.precision().effective(),
              r.data() == null ? "" : r.data().describe(),
              a.warning() == null ? "" : "**" + a.warning() + "**"));
      if (r.bf16()) {
        bf16.add("`" + a.folder() + "`");
      }
    }
    doc.table(
        List.of("folder", "command", "epoch", "weights sha256", "precision", "data", "note"),
        rows,
        List.of(false, false, true, false, false, false, false));
    if (!bf16.isEmpty()) {
      doc.paragraph(
          "Computed in **bf16** (convolutions and matrix products in bfloat16): "
              + String.join(", ", bf16)
              + ". Their numbers can differ from an fp32 pass over the same weights: accuracies"
              + " slightly; explanation scores of weak maps more (a bfloat16 map takes fewer"
              + " distinct values, which reorders its deletion curve), so compare those within one"
              + " precision.");
    }
  }

  /** Where the weights started: fresh with a seed, or "initialised from …" a recorded source. */
  static String initialisation(RunFacts run) {
    Map<String, Object> init = run.config().init();
    if (init == null) {
      return "fresh, seed " + run.config().model().seed();
    }
    Object reinit = init.get("reinit");
    return "initialised from `"
        + init.get("source")
        + "` ("
        + init.get("format")
        + ", sha256 "
        + init.get("sha256")
        + ")"
        + (reinit instanceof List<?> l && !l.isEmpty() ? "; re-initialised: " + l : "")
        + sourceOrigin(String.valueOf(init.get("source")));
  }

  /**
   * Where a source run's own weights came from, one step back: an imported run names its file
   * ({@code import.json}), a run started from weights its own source. Empty for other sources.
   */
  private static String sourceOrigin(String source) {
    Path p = Path.of(source).toAbsolutePath().normalize();
    // RUN, RUN/best or RUN/checkpoints/epoch-NNN
    for (int up = 0; up < 3 && p != null && !Files.isRegularFile(p.resolve("config.json")); up++) {
      p = p.getParent();
    }
    if (p == null || !Files.isRegularFile(p.resolve("config.json"))) {
      return "";
    }
    try {
      var json = new ObjectMapper();
      Path importJson = p.resolve("import.json");
      var node =
          Files.isRegularFile(importJson)
              ? json.readTree(importJson.toFile())
              : json.readTree(p.resolve("config.json").toFile()).path("init");
      if (!node.hasNonNull("source")) {
        return "";
      }
      return String.format(
          Locale.ROOT,
          "; that run %s `%s` (%s, sha256 %s)",
          Files.isRegularFile(importJson) ? "imported its weights from" : "was initialised from",
          node.get("source").asText(),
          node.path("format").asText("?"),
          node.path("sha256").asText("?"));
    } catch (IOException e) {
      return ""; // the source run's own record is unreadable: say only what this run records
    }
  }

  /**
   * What an imported run records: the model and where its weights came from ({@code import.json}).
   */
  private static List<List<String>> imported(RunFacts run) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("model", describe(run.config().model())));
    rows.add(List.of("parameters", String.format(Locale.ROOT, "%,d", run.parameters())));
    Path importJson = run.dir().resolve("import.json");
    if (Files.isRegularFile(importJson)) {
      try {
        var node = new ObjectMapper().readTree(importJson.toFile());
        for (String key :
            List.of("source", "format", "sha256", "imported_variables", "skipped_variables")) {
          if (node.has(key)) {
            rows.add(
                List.of(
                    key.replace('_', ' '),
                    node.get(key).isTextual() ? node.get(key).asText() : node.get(key).toString()));
          }
        }
      } catch (IOException e) {
        rows.add(List.of("import.json", "unreadable: " + e.getMessage()));
      }
    }
    rows.add(List.of("imported", String.valueOf(run.config().created())));
    return rows;
  }

  /** How a run computed; bf16 says what stayed float32. */
  static String precision(Precision p) {
    return p == Precision.BF16
        ? "bf16 (mixed: convolutions and matrix products in bfloat16; weights, BatchNorm statistics and loss float32)"
        : "fp32";
  }

  static String schedule(LearningRateSchedule s) {
    String text =
        switch (s.type()) {
          case CONSTANT -> "constant";
          case STEP -> "step: × " + s.gamma() + " every " + s.stepEpochs() + " epochs";
          case COSINE -> "cosine";
        };
    return text
        + (s.warmupEpochs() > 0 ? ", linear warm-up over " + s.warmupEpochs() + " epochs" : "");
  }

  static String describe(ResNetConfig m) {
    return String.format(
        Locale.ROOT,
        "ResNet, %s stem, blocks per stage %s, widths %s × %s, %s shortcuts, %s head "
            + "over %d %s%s",
        m.stem(),
        m.depths(),
        m.widths(),
        m.widthFactor(),
        m.shortcut(),
        m.head(),
        m.classes(),
        m.head().toString().equals("sigmoid") ? "labels" : "classes",
        m.removed().isEmpty() ? "" : ", removed " + String.join(", ", m.removed()));
  }

  private static String limits(RunFacts run) {
    var s = run.data().spec();
    if (s.limitTrain() == 0 && s.limitValidation() == 0) {
      return "none (whole splits)";
    }
    String how =
        run.data().subsetSeed() != 0
            ? " (random subsets, seed " + run.data().subsetSeed() + ")"
            : " (first examples)";
    return (s.limitTrain() == 0 ? "all" : s.limitTrain())
        + " training, "
        + (s.limitValidation() == 0 ? "all" : s.limitValidation())
        + " validation"
        + how;
  }

  private static void metricsTable(ReportDocument doc, RunFacts run) {
    List<String> columns = new ArrayList<>();
    for (String c : run.epochs().get(run.epochs().size() - 1).metrics().keySet()) {
      if (c.endsWith("loss")
          || c.endsWith("accuracy")
          || c.endsWith("f1_macro")
          || c.endsWith("auc_macro")) {
        columns.add(c);
      }
    }
    List<String> headers = new ArrayList<>(List.of("epoch"));
    headers.addAll(columns);
    headers.add("seconds");
    List<List<String>> rows = new ArrayList<>();
    for (EpochResult e : run.epochs()) {
      List<String> row = new ArrayList<>();
      row.add(e.epoch() + (run.bestEpoch().orElse(-1) == e.epoch() ? " (best)" : ""));
      for (String c : columns) {
        row.add(ReportNumbers.value(c, e.get(c)));
      }
      row.add(String.format(Locale.ROOT, "%.0f", e.seconds()));
      rows.add(row);
    }
    List<Boolean> numeric = new ArrayList<>();
    headers.forEach(h -> numeric.add(true));
    doc.table(headers, rows, numeric);
  }

  /** Facts worth a sentence: the selected epoch with its interval, chance level, gap, trend. */
  static List<String> observations(RunFacts run, DatasetFacts data) {
    List<String> notes = new ArrayList<>();
    EpochResult sel = run.selected().orElseThrow();
    EpochResult last = run.epochs().get(run.epochs().size() - 1);
    String metric = run.headline();
    double v = sel.get(metric);
    if (metric.equals("val_accuracy") && data != null && data.splits().size() > 1) {
      long n = data.splits().get(1).used();
      WilsonInterval w = WilsonInterval.of95(Math.round(v * n), n);
      notes.add(
          String.format(
              Locale.ROOT,
              "Validation accuracy at epoch %d: %.2f %% of %,d images, 95 %% Wilson "
                  + "interval [%.2f %%, %.2f %%] (the uncertainty of the validation sample alone, not of the training).",
              sel.epoch(),
              100 * v,
              n,
              100 * w.lower(),
              100 * w.upper()));
      double chance = 1.0 / run.config().model().classes();
      notes.add(
          String.format(
              Locale.ROOT,
              "That is %.1f× chance (%.1f %% for %d classes).",
              v / chance,
              100 * chance,
              run.config().model().classes()));
      if (chance >= w.lower() && chance <= w.upper()) {
        notes.add(
            String.format(
                Locale.ROOT,
                "**Near chance**: the interval contains the %.1f %% of guessing; the "
                    + "model has learnt nothing this validation sample can show.",
                100 * chance));
      }
    } else if (metric.equals("val_auc_macro")) {
      notes.addAll(multiLabelNotes(run, data, sel));
    } else {
      notes.add(
          String.format(
              Locale.ROOT,
              "%s at epoch %d: %s.",
              metric,
              sel.epoch(),
              ReportNumbers.value(metric, v)));
    }
    if (data != null
        && data.splits().size() > 1
        && data.splits().get(1).split().equals("test")
        && run.epochs().size() > 1) {
      notes.add(
          "**The epoch was selected on the test split**: its test numbers are biased upward by that choice; "
              + "select on a validation split to report test accuracy.");
    }
    String train = metric.startsWith("val_") ? "train_" + metric.substring(4) : null;
    if (train != null && last.metrics().containsKey(train) && !metric.endsWith("loss")) {
      double gap = last.get(train) - last.get(metric);
      notes.add(
          String.format(
              Locale.ROOT,
              "Training minus validation %s at the last epoch: %+.4f%s.",
              metric.substring(4),
              gap,
              gap > 0.15
                  ? " — the model overfits its training data"
                  : gap < -0.05
                      ? " — validation is easier than training here (augmentation or a small validation sample)"
                      : ""));
    }
    if (run.epochs().size() >= 2) {
      EpochResult prev = run.epochs().get(run.epochs().size() - 2);
      if (last.get("val_loss") < prev.get("val_loss")) {
        notes.add(
            "The validation loss still fell in the last epoch: more epochs would likely help.");
      } else if (last.get("val_loss") > prev.get("val_loss")) {
        notes.add("The validation loss rose in the last epoch.");
      }
    } else {
      notes.add("One epoch only: the numbers describe a model early in training.");
    }
    if (run.epochs().size() < run.config().training().epochs()) {
      notes.add(
          String.format(
              Locale.ROOT,
              "Unfinished: %d of %d planned epochs recorded.",
              run.epochs().size(),
              run.config().training().epochs()));
    }
    return notes;
  }

  /**
   * What a multi-label run's validation numbers mean: the macro AUC against its 50 % chance, and
   * the accuracy (a share of label decisions) against predicting every label absent.
   */
  private static List<String> multiLabelNotes(RunFacts run, DatasetFacts data, EpochResult sel) {
    List<String> notes = new ArrayList<>();
    int labels = run.config().model().classes();
    double auc = sel.get("val_auc_macro");
    double undefined = sel.metrics().getOrDefault("val_auc_undefined_labels", 0.0);
    DatasetFacts.SplitFacts val =
        data != null && data.splits().size() > 1 ? data.splits().get(1) : null;
    notes.add(
        String.format(
            Locale.ROOT,
            "Validation macro ROC AUC at epoch %d: %s over %d of %d labels%s; 50 %% is chance.",
            sel.epoch(),
            ReportNumbers.percent(auc),
            labels - Math.round(undefined),
            labels,
            undefined > 0
                ? String.format(
                    Locale.ROOT,
                    " (%d have no positive or no negative example among the %s validation images"
                        + " and no AUC)",
                    Math.round(undefined),
                    val == null ? "" : String.format(Locale.ROOT, "%,d", val.used()))
                : ""));
    if (sel.metrics().containsKey("val_accuracy")) {
      double acc = sel.get("val_accuracy");
      double absent = val == null ? Double.NaN : val.allAbsentAccuracy();
      String note =
          String.format(
              Locale.ROOT,
              "Validation accuracy %s is the share of correct decisions over all %d labels of"
                  + " every image, not of images classified right",
              ReportNumbers.percent(acc),
              labels);
      if (!Double.isNaN(absent)) {
        note +=
            String.format(
                Locale.ROOT,
                "; predicting every label absent scores %s on these images%s",
                ReportNumbers.percent(absent),
                acc <= absent ? " — **the model does no better than that**" : "");
      }
      notes.add(note + ".");
    }
    return notes;
  }

  /** "training and validation", or "training" alone for a run without validation data. */
  private static String curves(List<Series> series) {
    return series.stream().anyMatch(s -> s.name().startsWith("val "))
        ? "training and validation"
        : "training";
  }

  private static void charts(ReportDocument doc, RunFacts run, Path figures) {
    if (run.epochs().size() < 2) {
      return; // one point per line says nothing a chart can show; the table has it
    }
    double[] x = run.epochs().stream().mapToDouble(EpochResult::epoch).toArray();
    List<Series> acc = new ArrayList<>();
    List<Series> loss = new ArrayList<>();
    for (String c : run.epochs().get(run.epochs().size() - 1).metrics().keySet()) {
      double[] y = run.epochs().stream().mapToDouble(e -> e.get(c)).toArray();
      if (c.endsWith("_accuracy") || c.endsWith("_auc_macro")) {
        acc.add(Series.of(c.replace('_', ' '), x, y));
      } else if (c.endsWith("_loss")) {
        loss.add(Series.of(c.replace('_', ' '), x, y));
      }
    }
    try {
      Files.createDirectories(figures);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot create " + figures + ": " + e.getMessage());
    }
    if (!acc.isEmpty()) {
      Path p = figures.resolve(run.name() + "-accuracy.png");
      XyPlot.write(
          p,
          ChartSpec.of(run.name() + ": accuracy per epoch", "epoch", "accuracy").withSize(800, 450),
          acc,
          XyPlot.Style.LINES);
      doc.image(p, run.name() + ": " + curves(acc) + " accuracy per epoch");
    }
    if (!loss.isEmpty()) {
      Path p = figures.resolve(run.name() + "-loss.png");
      XyPlot.write(
          p,
          ChartSpec.of(run.name() + ": loss per epoch", "epoch", "loss").withSize(800, 450),
          loss,
          XyPlot.Style.LINES);
      doc.image(p, run.name() + ": " + curves(loss) + " loss per epoch");
    }
  }

  /**
   * Charts and tables other commands (robustness, per-class, Grad-CAM …) wrote into the run
   * directory.
   */
  private static void otherResults(ReportDocument doc, RunFacts run, Path figures) {
    if (run.images().isEmpty() && run.tables().isEmpty()) {
      return;
    }
    doc.heading(3, "Other results in the run directory");
    for (Path t : run.tables()) {
      CsvTable.read(t, 25, ResultsSection.COLUMNS)
          .map(ReportNumbers::display)
          .ifPresent(
              table -> {
                doc.paragraph("`" + run.dir().relativize(t) + "`" + table.extent());
                doc.table(table.headers(), table.rows(), table.numeric());
              });
    }
    for (Path png : run.images()) {
      // copied beside the report so report.md's links stay inside its folder
      Path rel = run.dir().relativize(png);
      Path copy = figures.resolve(run.name()).resolve(rel.toString());
      if (FolderFiles.copy(png, copy)) {
        doc.image(copy, rel.toString());
      }
    }
  }
}
