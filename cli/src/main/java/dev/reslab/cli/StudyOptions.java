package dev.reslab.cli;

import dev.reslab.analysis.report.Report;
import dev.reslab.analysis.runs.SeenValidation;
import dev.reslab.analysis.study.Study;
import dev.reslab.analysis.study.StudyData;
import dev.reslab.analysis.study.StudyInit;
import dev.reslab.analysis.study.StudyPlan;
import dev.reslab.analysis.study.StudyResults;
import dev.reslab.analysis.study.TrialStorage;
import dev.reslab.analysis.study.Variant;
import dev.reslab.data.DataSpec;
import dev.reslab.data.Task;
import dev.reslab.model.training.TrainingConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The flags every study shares ({@code ablate}, {@code sweep}): where, how many seeds, what to
 * compare.
 */
final class StudyOptions {

  @Option(
      names = "--out",
      paramLabel = "STUDY",
      required = true,
      description =
          "study directory; give an existing one to resume it (finished runs are skipped) or to add seeds")
  Path out;

  @Option(
      names = "--seeds",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "repeat every variant with N seeds (--seed, --seed+1, ...) for mean ± sd, 95 %% intervals and "
              + "Welch tests (default: ${DEFAULT-VALUE})")
  int seeds;

  @Option(
      names = "--metric",
      paramLabel = "COLUMN",
      description =
          "per-epoch column compared at the last epoch (default: val_accuracy, or val_auc_macro for "
              + "multi-label data)")
  String metric;

  @Option(names = "--no-report", description = "do not write STUDY/report (report.md, report.html)")
  boolean noReport;

  @Option(
      names = "--storage",
      paramLabel = "JDBC_URL",
      description =
          "where the study's trainings are kept and claimed: a PostgreSQL database that workers on other "
              + "machines share, e.g. jdbc:postgresql://db-host/reslab?user=u (password from PGPASSWORD or ~/.pgpass) "
              + "(default: jdbc:sqlite:STUDY/study.db)")
  String storage;

  @Option(
      names = "--study-name",
      paramLabel = "NAME",
      description = "the study's name in the storage (default: the study directory's name)")
  String studyName;

  @Option(
      names = "--heartbeat-timeout",
      paramLabel = "SECONDS",
      defaultValue = "120",
      description =
          "a training whose worker has been silent this long is taken over (default: ${DEFAULT-VALUE})")
  long heartbeatTimeout;

  /**
   * Plans the study over {@code variants}, runs what is left, writes the report; prints the table.
   */
  int run(
      String kind,
      List<Variant> variants,
      TrainingConfig training,
      InitOptions.Start start,
      InitOptions init,
      PrintWriter out) {
    if (seeds < 1) {
      throw new IllegalArgumentException("--seeds must be at least 1, got " + seeds);
    }
    DataSpec data = start.data();
    StudyPlan plan =
        new StudyPlan(
            kind,
            metric == null ? defaultMetric(data) : metric,
            variants,
            training,
            new StudyData(data, data.subsetSeed()),
            StudyPlan.seeds(training.seed(), seeds));
    if (start.weights() != null) {
      StudyInit.checkVariants(
          start.weights(), start.model(), variants); // before anything is created
      plan = plan.startingFrom(StudyInit.of(start.weights(), init.reinitialised()));
      out.printf(
          "every training starts from %s (sha256 %s)%s%n",
          start.weights().spec(),
          start.weights().sha256(),
          init.reinitialised().isEmpty()
              ? ""
              : "; fresh: " + String.join(", ", init.reinitialised()));
      SeenValidation.warning(start.weights().provenance(), data, start.model())
          .ifPresent(w -> out.println("warning: " + w));
    }
    out.printf(
        Locale.ROOT,
        "%s study: %d variants × %d seed(s) = %d runs in %s%n",
        kind,
        variants.size(),
        seeds,
        variants.size() * seeds,
        this.out);
    Study.Location at = Study.create(plan, this.out, storage, studyName);
    out.printf(
        "trainings kept in %s as study '%s'; more machines can join with: reslab worker --storage %s "
            + "--study %s%n",
        TrialStorage.redact(at.storage()), at.name(), TrialStorage.redact(at.storage()), at.name());
    out.flush();
    StudyResults results =
        Study.work(at, this.out, Duration.ofSeconds(heartbeatTimeout), new StudyProgress(out));
    out.println();
    out.print(results.markdownTable());
    out.println();
    results.observations().forEach(o -> out.println("- " + o));
    out.printf("%nTables and charts: %s (results.csv, results.md, *.png)%n", this.out);
    if (!noReport) {
      Report.Written w = Report.write(List.of(this.out), this.out.resolve("report"));
      out.printf("Report: %s%n", w.html());
    }
    out.flush();
    return 0;
  }

  /** What a study compares by default: macro ROC AUC on multi-label data, else accuracy. */
  static String defaultMetric(DataSpec data) {
    return data.open(data.trainSplit()).info().task() == Task.MULTI_LABEL
        ? "val_auc_macro"
        : "val_accuracy";
  }
}
