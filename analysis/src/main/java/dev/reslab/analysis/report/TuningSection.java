package dev.reslab.analysis.report;

import dev.reslab.analysis.study.PedAnova;
import dev.reslab.analysis.study.Trial;
import dev.reslab.analysis.study.TuneResults;
import dev.reslab.analysis.study.TuneSettings;
import dev.reslab.analysis.study.TuningCharts;
import dev.reslab.analysis.study.TuningFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The part of a report about a tuning study, as Optuna users know it: the best trial, parameter
 * importances with the method named, the trial table, and the optimisation history, importance,
 * slice, parallel-coordinate and intermediate-value charts.
 */
final class TuningSection {
  private TuningSection() {}

  static ReportDocument build(Path dir, Path figures) {
    if (TuningFile.exists(dir)) {
      return build(dir, TuningFile.read(dir), figures);
    }
    // a study tuned before tune wrote tuning.json: its table and history only
    ReportDocument doc = new ReportDocument();
    doc.heading(2, "Tuning study `" + dir.getFileName() + "`");
    Optional<CsvTable> table = CsvTable.read(dir.resolve("trials.csv"), 500);
    if (table.isEmpty()) {
      doc.paragraph("`trials.csv` could not be read.");
      return doc;
    }
    CsvTable t = table.get();
    int run = t.headers().indexOf("run");
    List<List<String>> rows =
        t.rows().stream().map(r -> r.subList(0, run < 0 ? r.size() : run)).toList();
    List<String> headers = t.headers().subList(0, run < 0 ? t.headers().size() : run);
    doc.paragraph(rows.size() + " trials; directory `" + dir + "`.");
    doc.table(headers, rows, t.numeric().subList(0, headers.size()));
    Path history = dir.resolve("optimisation-history.png");
    if (Files.isRegularFile(history)) {
      // copied beside the report so report.md's links stay inside its folder
      Path copy = figures.resolve(dir.getFileName() + "-optimisation-history.png");
      if (FolderFiles.copy(history, copy)) {
        doc.image(copy, "optimisation history: the metric of every trial and the best so far");
      }
    }
    return doc;
  }

  /** The study as Optuna's dashboard shows it: best trial, importances, trials, five charts. */
  static ReportDocument build(Path dir, TuneResults results, Path figures) {
    TuneSettings s = results.settings();
    String metric = s.metric();
    ReportDocument doc = new ReportDocument();
    doc.heading(2, "Tuning study `" + dir.getFileName() + "`");
    Map<Trial.State, Long> states =
        results.trials().stream()
            .collect(
                Collectors.groupingBy(
                    Trial::state, () -> new EnumMap<>(Trial.State.class), Collectors.counting()));
    doc.paragraph(
        String.format(
            Locale.ROOT,
            "%d of %d planned trials (%s), %s sampler, %s, optimising `%s` (%s is better). "
                + "Search space: %s. Directory `%s`.",
            results.trials().size(),
            s.trials(),
            states.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", ")),
            s.sampler().name(),
            s.pruner() == null
                ? "no pruning"
                : "median pruning after " + s.pruner().startupTrials() + " finished trials",
            metric,
            s.maximize() ? "higher" : "lower",
            s.space().describe(),
            dir));
    if (s.init() != null) {
      doc.paragraph(s.init().describe("trial"));
    }
    doc.heading(3, "Best trial");
    Optional<Trial> best = results.best();
    if (best.isPresent()) {
      Trial b = best.get();
      List<List<String>> rows = new ArrayList<>();
      rows.add(List.of("trial", Integer.toString(b.number())));
      rows.add(List.of(metric, ReportNumbers.value(metric, b.value())));
      results.paramNames().forEach(p -> rows.add(List.of(p, b.params().getOrDefault(p, "—"))));
      rows.add(List.of("epochs", Integer.toString(b.intermediate().size())));
      rows.add(List.of("run directory", "`" + b.runDir() + "`"));
      doc.keyValues(rows);
    } else {
      doc.paragraph("No trial is complete yet: there is no best trial.");
    }
    doc.heading(3, "Parameter importances");
    List<Trial> complete = PedAnova.complete(results.trials());
    if (complete.size() < 2) {
      doc.paragraph(
          "Importances need at least two complete trials; this study has " + complete.size() + ".");
    } else {
      List<List<String>> rows = new ArrayList<>();
      int rank = 1;
      for (Map.Entry<String, Double> e : results.importances().entrySet()) {
        rows.add(
            List.of(
                Integer.toString(rank++),
                e.getKey(),
                String.format(Locale.ROOT, "%.3f", e.getValue())));
      }
      doc.table(List.of("rank", "parameter", "importance"), rows, List.of(true, false, true));
      int top = PedAnova.top(complete, s.maximize()).size();
      doc.paragraph(
          String.format(
              Locale.ROOT,
              "Method: PED-ANOVA (Watanabe et al., IJCAI 2023), Optuna's default importance evaluator "
                  + "(optuna.importance.get_param_importances), with its settings: a parameter matters as "
                  + "much as its values among the best %d of %d complete trials (the top 10 %%, rounded up, ties included) differ from "
                  + "its values among all %d. Importances are shares of one, computed from complete "
                  + "trials only.%s",
              top,
              complete.size(),
              complete.size(),
              top < 5
                  ? " Optuna advises at least 5 trials in the top 10 %; with "
                      + top
                      + " they are a rough guide."
                  : ""));
    }
    doc.heading(3, "Trials");
    // the metric as the rest of the report writes it (accuracy as a percentage)
    int value = results.tableHeaders().indexOf(metric);
    List<List<String>> rows = new ArrayList<>();
    List<List<String>> plain = results.tableRows();
    for (int i = 0; i < plain.size(); i++) {
      List<String> row = new ArrayList<>(plain.get(i));
      row.set(value, ReportNumbers.value(metric, results.trials().get(i).value()));
      rows.add(row);
    }
    doc.table(
        results.tableHeaders(),
        rows,
        results.tableHeaders().stream()
            .map(h -> h.equals(metric) || h.equals("epochs") || h.equals("trial"))
            .toList());
    List<TuningCharts.Chart> charts;
    try {
      Files.createDirectories(figures);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot create " + figures + ": " + e.getMessage());
    }
    charts = TuningCharts.write(results, figures, dir.getFileName() + "-");
    charts.forEach(c -> doc.image(c.png(), c.caption()));
    return doc;
  }

  /**
   * The run directory of the best trial, if one kept its checkpoints (the tuner keeps only the
   * best's).
   */
  static Optional<Path> bestRun(Path dir) {
    return CsvTable.read(dir.resolve("trials.csv"), 500)
        .flatMap(
            t -> {
              int run = t.headers().indexOf("run");
              return run < 0
                  ? Optional.empty()
                  : t.rows().stream()
                      .map(r -> Path.of(r.get(run)))
                      .filter(
                          p ->
                              Files.isDirectory(p.resolve("checkpoints"))
                                  && Files.isRegularFile(p.resolve("config.json")))
                      .findFirst();
            });
  }
}
