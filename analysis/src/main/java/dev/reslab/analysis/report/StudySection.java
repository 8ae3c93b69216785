package dev.reslab.analysis.report;

import dev.reslab.analysis.study.StudentT;
import dev.reslab.analysis.study.StudyResults;
import dev.reslab.analysis.study.TrainingCurves;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The part of a report about a study: design, results table, charts, observations, runs. */
final class StudySection {
  private StudySection() {}

  static ReportDocument build(Path dir, StudyResults results, Path figures) {
    var plan = results.plan();
    ReportDocument doc = new ReportDocument();
    doc.heading(2, capitalised(plan.kind()) + " study `" + dir.getFileName() + "`");
    var t = plan.training();
    var d = plan.data().spec();
    doc.paragraph(
        String.format(
            Locale.ROOT,
            "%d variants × %d seed%s %s, each trained %d epoch%s with batch %d "
                + "(%s, lr %s) on %s%s, compared by the last epoch's `%s`. Study directory `%s`.",
            plan.variants().size(),
            plan.seeds().size(),
            plan.seeds().size() == 1 ? "" : "s",
            plan.seeds(),
            t.epochs(),
            t.epochs() == 1 ? "" : "s",
            t.batchSize(),
            t.optimizer().type(),
            t.optimizer().learningRate(),
            d.dataset(),
            d.limitTrain() > 0
                ? " ("
                    + d.limitTrain()
                    + " training and "
                    + (d.limitValidation() > 0 ? d.limitValidation() : "all")
                    + " validation images)"
                : "",
            plan.metric(),
            dir));
    doc.paragraph("Base model: " + RunSection.describe(plan.base().model()) + ".");
    if (plan.init() != null) {
      doc.paragraph(plan.init().describe("training"));
    }
    if (TrainingCurves.applies(plan)) {
      doc.paragraph(
          "Every variant trains this model; each sets its own "
              + String.join(
                  ", ",
                  results.tableHeaders().subList(1, results.tableHeaders().indexOf("parameters")))
              + " (as its name says), "
              + "the rest of the training as above.");
    }
    doc.heading(3, "Results");
    doc.table(results.tableHeaders(), results.tableRows(), results.tableNumeric());
    int seeds = plan.seeds().size();
    doc.paragraph(
        "Mean ± sample standard deviation over seeds; 95 % t-interval of the mean; the change from the "
            + "base is tested with Welch's t-test (two-sided, 5 % level) — \"beyond seed noise\" means the difference is "
            + "larger than seed-to-seed variation explains. Intervals of fractions are shown within [0, 100 %]."
            + (seeds >= 2
                ? String.format(
                    Locale.ROOT,
                    " With %d seeds the t-interval has %d degree%s of freedom " + "(t = %.2f)%s.",
                    seeds,
                    seeds - 1,
                    seeds == 2 ? "" : "s",
                    new StudentT(seeds - 1).quantile(0.975),
                    seeds <= 3 ? ", so it is wide by nature" : "")
                : " One seed: no interval."));
    doc.heading(3, "Observations");
    doc.bullets(results.observations());
    Map<String, Path> charts = results.charts(figures.resolve(dir.getFileName().toString()));
    charts.forEach((title, png) -> doc.image(png, title));
    if (TrainingCurves.applies(plan)) {
      doc.heading(3, "Per epoch, every variant");
      doc.paragraph(
          "Means over seeds. \"(best)\" is the best epoch by `"
              + t.select()
              + "`; ▲ marks the first "
              + "epoch after the lowest validation loss, where it turns upward.");
      for (var v : TrainingCurves.of(results)) {
        doc.heading(4, v.variant());
        List<Boolean> numeric = new ArrayList<>(List.of(false));
        TrainingCurves.columns(results).forEach(c -> numeric.add(true));
        doc.table(
            TrainingCurves.tableHeaders(results), TrainingCurves.tableRows(results, v), numeric);
      }
    }
    doc.heading(3, "Runs");
    List<List<String>> rows = new ArrayList<>();
    Path study = dir.toAbsolutePath().normalize();
    for (var r : results.runs()) {
      Path run = r.dir().toAbsolutePath().normalize();
      rows.add(
          List.of(
              r.variant(),
              Long.toString(r.seed()),
              results.value(r.value()),
              Integer.toString(r.epochs().size()),
              r.worker().isEmpty() ? "—" : "`" + r.worker() + "`",
              "`" + (run.startsWith(study) ? study.relativize(run) : run) + "`"));
    }
    doc.paragraph(
        "Each run was trained by the worker named (`host:pid`) into the run directory shown, on that "
            + "worker's machine (a path outside this study's folder is on another machine or a shared disk).");
    doc.table(
        List.of("variant", "seed", plan.metric(), "epochs", "worker", "run directory"),
        rows,
        List.of(false, true, true, true, false, false));
    return doc;
  }

  static String capitalised(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
