package dev.reslab.analysis.study;

import dev.reslab.analysis.metrics.MetricNames;
import dev.reslab.analysis.plot.BarPlot;
import dev.reslab.analysis.plot.BarSeries;
import dev.reslab.analysis.plot.ChartSpec;
import dev.reslab.analysis.plot.Palette;
import dev.reslab.analysis.plot.Series;
import dev.reslab.analysis.plot.XyPlot;
import dev.reslab.model.io.AtomicFiles;
import dev.reslab.model.io.CsvWriter;
import dev.reslab.model.run.RunDirectory;
import dev.reslab.model.training.EpochResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The numbers of a study, read back from its trial storage (or, for studies made before it, from
 * the run directories): per run the metric at the last epoch; per variant the mean, standard
 * deviation and 95 % t-interval over seeds, and Welch's test of its difference from the base.
 *
 * @param plan the study's plan
 * @param runs every finished run
 * @param variants one summary per variant with at least one finished run, in plan order
 */
public record StudyResults(StudyPlan plan, List<RunOutcome> runs, List<VariantResult> variants) {

  /**
   * One finished run.
   *
   * @param variant variant name
   * @param seed its seed
   * @param dir its run directory
   * @param epochs its metrics per epoch
   * @param value the study metric at the last epoch
   * @param worker {@code host:pid} of the worker that finished it ({@code ""} when not recorded)
   */
  public record RunOutcome(
      String variant, long seed, Path dir, List<EpochResult> epochs, double value, String worker) {}

  /**
   * One variant over its seeds.
   *
   * @param variant the variant
   * @param metric the study metric over seeds
   * @param train the matching training metric over seeds (for the generalisation gap)
   * @param vsBase Welch's test of this variant against the base (the base against itself for the
   *     base)
   */
  public record VariantResult(
      Variant variant, SampleSummary metric, SampleSummary train, WelchTest vsBase) {

    public String name() {
      return variant.name();
    }
  }

  /** Reads the study in {@code dir}; runs not finished yet are left out. */
  public static StudyResults read(Path dir) {
    var storage = StudyManifest.storage(dir);
    return storage.isPresent()
        ? fromStorage(storage.get()[0], storage.get()[1])
        : fromRunDirectories(dir);
  }

  /**
   * Reads study {@code name} from its trial storage: every completed run, with the epochs the
   * storage recorded.
   */
  public static StudyResults fromStorage(String storage, String name) {
    StudyPlan plan;
    List<RunOutcome> runs = new ArrayList<>();
    try (TrialStorage db = TrialStorage.openStudy(storage, name)) {
      plan = StudyManifest.fromJson(db.plan().orElseThrow().json());
      Map<Integer, List<EpochResult>> epochs = db.epochs();
      List<StudyPlan.StudyRun> planned = plan.runs();
      for (Trial t : db.trials()) {
        if (t.state() != Trial.State.COMPLETE || t.number() > planned.size()) {
          continue;
        }
        StudyPlan.StudyRun r = planned.get(t.number() - 1);
        List<EpochResult> rows =
            epochs.getOrDefault(t.number(), List.of()).stream()
                .filter(e -> e.epoch() <= r.training(plan.training()).epochs())
                .toList();
        if (rows.isEmpty()) {
          continue;
        }
        runs.add(
            outcome(plan, r, Path.of(t.runDir()), rows, t.owner(), storage + " study " + name));
      }
    }
    return of(plan, runs);
  }

  private static RunOutcome outcome(
      StudyPlan plan,
      StudyPlan.StudyRun r,
      Path dir,
      List<EpochResult> epochs,
      String worker,
      String where) {
    EpochResult last = epochs.get(epochs.size() - 1);
    if (!last.metrics().containsKey(plan.metric())) {
      throw new IllegalArgumentException(
          "the study compares '"
              + plan.metric()
              + "' but "
              + r.variant().name()
              + " seed "
              + r.seed()
              + " in "
              + where
              + " recorded only "
              + String.join(", ", last.metrics().keySet()));
    }
    return new RunOutcome(
        r.variant().name(), r.seed(), dir, epochs, last.get(plan.metric()), worker);
  }

  /** A study made before the trial storage: its finished run directories. */
  private static StudyResults fromRunDirectories(Path dir) {
    StudyPlan plan = StudyManifest.read(dir);
    List<RunOutcome> runs = new ArrayList<>();
    for (StudyPlan.StudyRun r : plan.runs()) {
      Path runDir = dir.resolve(r.path());
      if (VariantTraining.state(runDir, plan.training().epochs())
          != VariantTraining.State.FINISHED) {
        continue;
      }
      List<EpochResult> epochs =
          RunDirectory.open(runDir).readMetrics().stream()
              .filter(e -> e.epoch() <= plan.training().epochs())
              .toList();
      runs.add(outcome(plan, r, runDir, epochs, "", runDir.toString()));
    }
    return of(plan, runs);
  }

  /** The summary of {@code runs} (finished runs of {@code plan}, in plan order). */
  static StudyResults of(StudyPlan plan, List<RunOutcome> runs) {
    String trainMetric =
        plan.metric().startsWith("val_") ? "train_" + plan.metric().substring(4) : plan.metric();
    List<VariantResult> variants = new ArrayList<>();
    SampleSummary base = null;
    for (Variant v : plan.variants()) {
      List<RunOutcome> mine = runs.stream().filter(r -> r.variant().equals(v.name())).toList();
      if (mine.isEmpty()) {
        continue;
      }
      SampleSummary metric = SampleSummary.of(mine.stream().map(RunOutcome::value).toList());
      SampleSummary train =
          SampleSummary.of(
              mine.stream()
                  .map(r -> r.epochs().get(r.epochs().size() - 1).get(trainMetric))
                  .toList());
      if (v == plan.base()) {
        base = metric;
      }
      variants.add(
          new VariantResult(
              v,
              metric,
              train,
              base == null
                  ? WelchTest.of(metric, SampleSummary.of(List.of()))
                  : WelchTest.of(metric, base)));
    }
    return new StudyResults(plan, List.copyOf(runs), List.copyOf(variants));
  }

  /** The base's result, if its runs finished. */
  public Optional<VariantResult> base() {
    return variants.stream()
        .filter(v -> v.variant() == plan.base() || v.name().equals(plan.base().name()))
        .findFirst();
  }

  /** Whether larger values of the metric are better. */
  public boolean higherIsBetter() {
    return !plan.metric().endsWith("loss");
  }

  /** Writes results.csv, results.md, runs.csv and the charts into {@code dir}. */
  public void write(Path dir) {
    AtomicFiles.writeString(dir.resolve("results.csv"), csv());
    AtomicFiles.writeString(
        dir.resolve("results.md"),
        markdownTable()
            + "\n"
            + observationsMarkdown()
            + (TrainingCurves.applies(plan)
                ? "\n## Per epoch, every variant\n" + TrainingCurves.markdown(this)
                : ""));
    AtomicFiles.writeString(dir.resolve("runs.csv"), runsCsv());
    charts(dir);
  }

  /** One row per variant. */
  public String csv() {
    CsvWriter csv =
        new CsvWriter(
            "variant",
            "parameters",
            "parameters_change",
            "width_factor",
            "depths",
            "removed",
            "seeds",
            plan.metric() + "_mean",
            plan.metric() + "_sd",
            "ci95_low",
            "ci95_high",
            "change_from_base",
            "welch_t",
            "welch_df",
            "p_value",
            "beyond_seed_noise");
    long baseParams = plan.base().parameters();
    for (VariantResult v : variants) {
      var m = v.variant().model();
      boolean isBase = v.name().equals(plan.base().name());
      csv.row(
          v.name(),
          v.variant().parameters(),
          (double) v.variant().parameters() / baseParams - 1,
          m.widthFactor(),
          String.join(" ", m.depths().stream().map(String::valueOf).toList()),
          String.join(" ", m.removed()),
          v.metric().n(),
          v.metric().mean(),
          v.metric().sd(),
          v.metric().lower(),
          v.metric().upper(),
          isBase ? "0" : (Object) v.vsBase().difference(),
          isBase ? null : (Object) v.vsBase().t(),
          isBase ? null : (Object) v.vsBase().df(),
          isBase ? null : (Object) v.vsBase().p(),
          isBase || Double.isNaN(v.vsBase().p()) ? null : (Object) v.vsBase().significant());
    }
    return csv.text();
  }

  /** One row per run. */
  public String runsCsv() {
    CsvWriter csv = new CsvWriter("variant", "seed", plan.metric(), "epochs", "worker", "run");
    for (RunOutcome r : runs) {
      csv.row(r.variant(), r.seed(), r.value(), r.epochs().size(), r.worker(), r.dir().toString());
    }
    return csv.text();
  }

  /** Headers of the results table. */
  public List<String> tableHeaders() {
    List<String> h = new ArrayList<>(List.of("variant"));
    if (TrainingCurves.applies(plan)) {
      h.addAll(trainingKeys());
    } else if (sweep()) {
      h.addAll(List.of("width factor", "blocks per stage"));
    }
    h.addAll(
        List.of(
            "parameters",
            "vs base",
            "seeds",
            plan.metric() + " (mean ± sd)",
            "95 % interval",
            "change from base",
            "p (Welch)",
            "beyond seed noise"));
    return h;
  }

  /**
   * The training hyperparameters a training sweep varies ({@code lr}, {@code batch_size}, {@code
   * optimizer}).
   */
  private List<String> trainingKeys() {
    List<String> keys = new ArrayList<>();
    plan.variants()
        .forEach(
            v -> v.training().keySet().stream().filter(k -> !keys.contains(k)).forEach(keys::add));
    return keys;
  }

  /** A sweep's table also shows each variant's absolute width factor and depths. */
  private boolean sweep() {
    return plan.kind().equals("sweep");
  }

  /** Which columns of the results table are numbers (right-aligned). */
  public List<Boolean> tableNumeric() {
    List<Boolean> n = new ArrayList<>(List.of(false));
    if (TrainingCurves.applies(plan)) {
      trainingKeys().forEach(k -> n.add(!k.equals(SearchSpace.OPTIMIZER)));
    } else if (sweep()) {
      n.addAll(List.of(true, false));
    }
    n.addAll(List.of(true, true, true, true, false, true, true, false));
    return n;
  }

  /**
   * Rows of the results table: values as percentages when the metric is an accuracy-like fraction.
   */
  public List<List<String>> tableRows() {
    List<List<String>> rows = new ArrayList<>();
    long baseParams = plan.base().parameters();
    for (VariantResult v : variants) {
      boolean isBase = v.name().equals(plan.base().name());
      List<String> row = new ArrayList<>(List.of(v.name()));
      if (TrainingCurves.applies(plan)) {
        trainingKeys().forEach(k -> row.add(v.variant().training().getOrDefault(k, "—")));
      } else if (sweep()) {
        row.add(CsvWriter.number(v.variant().model().widthFactor()));
        row.add(
            String.join(",", v.variant().model().depths().stream().map(String::valueOf).toList()));
      }
      row.addAll(
          List.of(
              String.format(Locale.ROOT, "%,d", v.variant().parameters()),
              isBase
                  ? "—"
                  : String.format(
                      Locale.ROOT, "%+.1f %%", 100.0 * v.variant().parameters() / baseParams - 100),
              Integer.toString(v.metric().n()),
              value(v.metric().mean())
                  + (Double.isNaN(v.metric().sd()) ? "" : " ± " + value(v.metric().sd())),
              Double.isNaN(v.metric().lower())
                  ? "—"
                  : "["
                      + value(bounded(v.metric().lower()))
                      + ", "
                      + value(bounded(v.metric().upper()))
                      + "]",
              isBase ? "—" : signed(v.vsBase().difference()),
              isBase || Double.isNaN(v.vsBase().p())
                  ? "—"
                  : String.format(Locale.ROOT, "%.3g", v.vsBase().p()),
              isBase ? "—" : v.vsBase().verdict()));
      rows.add(row);
    }
    return rows;
  }

  /** The results table in Markdown. */
  public String markdownTable() {
    StringBuilder sb = new StringBuilder("| " + String.join(" | ", tableHeaders()) + " |\n|");
    tableNumeric().forEach(n -> sb.append(n ? "---:|" : "---|"));
    sb.append('\n');
    tableRows().forEach(r -> sb.append("| ").append(String.join(" | ", r)).append(" |\n"));
    return sb.toString();
  }

  /**
   * The colours of this study's variants, in the plan's order: a variant has its colour in every
   * chart of the study and its report.
   */
  public Palette palette() {
    return Palette.of(variants.stream().map(VariantResult::name).toList());
  }

  private boolean percent() {
    return MetricNames.isFraction(plan.metric());
  }

  /**
   * A fraction's interval bound shown within [0, 1], in tables and charts alike: with few seeds the
   * t-interval can pass the metric's range.
   */
  private double bounded(double v) {
    return percent() ? Math.max(0, Math.min(1, v)) : v;
  }

  /** A value as the tables show it (percent for fractions). */
  public String value(double v) {
    if (Double.isNaN(v)) {
      return "—";
    }
    return percent()
        ? String.format(Locale.ROOT, "%.2f %%", 100 * v)
        : String.format(Locale.ROOT, "%.4f", v);
  }

  public String signed(double v) {
    if (Double.isNaN(v)) {
      return "—";
    }
    return percent()
        ? String.format(Locale.ROOT, "%+.2f pp", 100 * v)
        : String.format(Locale.ROOT, "%+.4f", v);
  }

  /**
   * Short automatic observations: best and worst variant, differences beyond seed noise, gaps,
   * missing runs.
   */
  public List<String> observations() {
    List<String> notes = new ArrayList<>();
    if (variants.isEmpty()) {
      notes.add("No run has finished yet.");
      return notes;
    }
    Comparator<VariantResult> better = Comparator.comparingDouble(v -> v.metric().mean());
    if (!higherIsBetter()) {
      better = better.reversed();
    }
    VariantResult best = variants.stream().max(better).orElseThrow();
    VariantResult worst = variants.stream().min(better).orElseThrow();
    if (variants.size() == 1 || best.metric().mean() == worst.metric().mean()) {
      notes.add(
          String.format(
              Locale.ROOT,
              "Every variant scores %s %s.",
              plan.metric(),
              value(best.metric().mean())));
    } else {
      notes.add(
          String.format(
              Locale.ROOT,
              "Best: %s with %s %s; worst: %s with %s.",
              best.name(),
              plan.metric(),
              value(best.metric().mean()),
              worst.name(),
              value(worst.metric().mean())));
    }
    int seeds = plan.seeds().size();
    if (seeds < 2) {
      notes.add(
          "One seed per variant: the table cannot tell a real difference from seed-to-seed noise; repeat "
              + "with 3 or more seeds.");
    }
    var base = base();
    for (VariantResult v : variants) {
      if (base.isEmpty() || v.name().equals(plan.base().name()) || Double.isNaN(v.vsBase().p())) {
        continue;
      }
      boolean up = v.vsBase().difference() > 0;
      String direction = up == higherIsBetter() ? "better" : "worse";
      if (v.vsBase().significant()) {
        notes.add(
            String.format(
                Locale.ROOT,
                "%s is %s than the base by %s, beyond seed-to-seed noise "
                    + "(Welch p = %.3g over %d and %d seeds).",
                v.name(),
                direction,
                signed(v.vsBase().difference()),
                v.vsBase().p(),
                v.metric().n(),
                base.get().metric().n()));
      } else if (up == higherIsBetter()) {
        notes.add(
            String.format(
                Locale.ROOT,
                "%s scores higher than the base (%s) but within seed-to-seed noise "
                    + "(Welch p = %.3g): not evidence of a real improvement.",
                v.name(),
                signed(v.vsBase().difference()),
                v.vsBase().p()));
      }
    }
    if (base.isPresent() && !Double.isNaN(base.get().metric().sd()) && seeds >= 2) {
      notes.add(
          String.format(
              Locale.ROOT,
              "Seed-to-seed standard deviation of the base: %s.",
              value(base.get().metric().sd())));
    }
    for (VariantResult v : variants) {
      double gap = v.train().mean() - v.metric().mean();
      if (percent() && gap > 0.15) {
        notes.add(
            String.format(
                Locale.ROOT,
                "%s fits its training data much better than the validation data "
                    + "(gap %s): it overfits the training subset.",
                v.name(),
                signed(gap)));
      }
    }
    if (TrainingCurves.applies(plan)) {
      notes.addAll(TrainingCurves.observations(this));
    }
    long missing = (long) plan.variants().size() * seeds - runs.size();
    if (missing > 0) {
      notes.add(
          missing
              + " of "
              + plan.variants().size() * seeds
              + " runs have not finished; run the study again "
              + "to complete them.");
    }
    return notes;
  }

  private String observationsMarkdown() {
    StringBuilder sb = new StringBuilder("Observations:\n\n");
    for (String o : observations()) {
      sb.append("- ").append(o).append('\n');
    }
    return sb.toString();
  }

  /** Draws the study's charts into {@code dir}; returns them by title. */
  public Map<String, Path> charts(Path dir) {
    Map<String, Path> charts = new LinkedHashMap<>();
    if (runs.isEmpty()) {
      return charts;
    }
    String label = plan.metric().replace('_', ' ');
    // per epoch: the mean over seeds, one line per variant
    List<Series> perEpoch = new ArrayList<>();
    for (VariantResult v : variants) {
      TreeMap<Integer, List<Double>> byEpoch = new TreeMap<>();
      for (RunOutcome r : runs) {
        if (r.variant().equals(v.name())) {
          r.epochs()
              .forEach(
                  e ->
                      byEpoch
                          .computeIfAbsent(e.epoch(), k -> new ArrayList<>())
                          .add(e.get(plan.metric())));
        }
      }
      double[] x = byEpoch.keySet().stream().mapToDouble(Integer::doubleValue).toArray();
      double[] y = byEpoch.values().stream().mapToDouble(l -> SampleSummary.of(l).mean()).toArray();
      perEpoch.add(Series.of(v.name(), x, y));
    }
    Path p = dir.resolve(plan.metric() + "-per-epoch.png");
    if (plan.training().epochs() > 1) { // a one-epoch study has nothing to show over epochs
      XyPlot.write(
          p,
          ChartSpec.of(
                  label + " per epoch" + (plan.seeds().size() > 1 ? " (mean over seeds)" : ""),
                  "epoch",
                  label)
              .withPalette(palette()),
          perEpoch,
          XyPlot.Style.LINES);
      charts.put(label + " per epoch", p);
    }

    List<String> names = variants.stream().map(VariantResult::name).toList();
    boolean intervals = variants.stream().allMatch(v -> !Double.isNaN(v.metric().lower()));
    double[] means = variants.stream().mapToDouble(v -> v.metric().mean()).toArray();
    BarSeries bars =
        intervals
            ? new BarSeries(
                label,
                means,
                variants.stream().mapToDouble(v -> bounded(v.metric().lower())).toArray(),
                variants.stream().mapToDouble(v -> bounded(v.metric().upper())).toArray())
            : BarSeries.of(label, means);
    p = dir.resolve(plan.metric() + "-by-variant.png");
    BarPlot.write(
        p,
        ChartSpec.of(
                "final " + label + " by variant" + (intervals ? " (95 % t-intervals)" : ""),
                "variant",
                label)
            .withPalette(palette()),
        names,
        List.of(bars));
    charts.put("final " + label + " by variant", p);

    if (TrainingCurves.applies(plan)) {
      charts.putAll(TrainingCurves.charts(this, dir));
      return charts; // width, depth and parameters are the same for every variant
    }
    if (plan.kind().equals("sweep")) {
      p = dir.resolve(plan.metric() + "-vs-width.png");
      if (axisChart(p, label + " vs width factor", "width factor", label, true)) {
        charts.put(label + " vs width", p);
      }
      p = dir.resolve(plan.metric() + "-vs-depth.png");
      if (axisChart(p, label + " vs depth", "blocks per stage", label, false)) {
        charts.put(label + " vs depth", p);
      }
    }
    p = dir.resolve(plan.metric() + "-vs-parameters.png");
    List<Series> params = new ArrayList<>();
    for (VariantResult v : variants) {
      params.add(withInterval(v.name(), new double[] {v.variant().parameters() / 1e6}, List.of(v)));
    }
    XyPlot.write(
        p,
        ChartSpec.of(label + " vs parameters", "parameters (millions)", label)
            .withPalette(palette()),
        params,
        XyPlot.Style.POINTS);
    charts.put(label + " vs parameters", p);
    return charts;
  }

  /**
   * Accuracy against width (one line per depth) or depth (one line per width); false when there is
   * one point.
   */
  private boolean axisChart(Path png, String title, String xLabel, String yLabel, boolean byWidth) {
    Map<String, List<VariantResult>> lines = new TreeMap<>();
    for (VariantResult v : variants) {
      var m = v.variant().model();
      String key =
          byWidth
              ? "depths " + m.depths()
              : String.format(Locale.ROOT, "width %.4g", m.widthFactor());
      lines.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
    }
    List<Series> series = new ArrayList<>();
    for (var e : lines.entrySet()) {
      List<VariantResult> pts = new ArrayList<>(e.getValue());
      pts.sort(Comparator.comparingDouble(v -> x(v, byWidth)));
      if (pts.size() < 2) {
        continue;
      }
      series.add(
          withInterval(e.getKey(), pts.stream().mapToDouble(v -> x(v, byWidth)).toArray(), pts));
    }
    if (series.isEmpty()) {
      return false;
    }
    XyPlot.write(
        png,
        ChartSpec.of(title, xLabel, yLabel).withPalette(palette()),
        series,
        XyPlot.Style.LINES);
    return true;
  }

  private static double x(VariantResult v, boolean byWidth) {
    var m = v.variant().model();
    return byWidth
        ? m.widthFactor()
        : m.depths().stream().mapToInt(Integer::intValue).sum() / (double) m.depths().size();
  }

  private Series withInterval(String name, double[] x, List<VariantResult> pts) {
    double[] y = pts.stream().mapToDouble(v -> v.metric().mean()).toArray();
    if (pts.stream().allMatch(v -> !Double.isNaN(v.metric().lower()))) {
      return new Series(
          name,
          x,
          y,
          pts.stream().mapToDouble(v -> bounded(v.metric().lower())).toArray(),
          pts.stream().mapToDouble(v -> bounded(v.metric().upper())).toArray());
    }
    return Series.of(name, x, y);
  }
}
