package dev.reslab.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reslab.analysis.plot.Figure;
import dev.reslab.analysis.study.TuneResults;
import dev.reslab.analysis.study.TuningReportTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reslab report} on a tuning study: Optuna's five charts, the best trial, importances. */
class TuningSectionTest {
  @TempDir Path tmp;

  @Test
  void aTuningStudyReportHasItsFiveChartsBestTrialAndImportances() throws Exception {
    Path study = Files.createDirectories(tmp.resolve("tune").resolve("trials")).getParent();
    TuneResults results = TuningReportTest.fixture();
    results.write(study);
    Report.Written w = Report.write(List.of(study), tmp.resolve("report"));
    String md = Files.readString(w.markdown());
    List<String> charts =
        List.of(
            "optimisation-history",
            "param-importances",
            "slice",
            "parallel-coordinates",
            "intermediate-values");
    for (String c : charts) {
      Path png = tmp.resolve("report/figures/tune-" + c + ".png");
      assertTrue(Files.size(png) > 5_000, png.toString());
      assertTrue(Files.isRegularFile(Figure.svgOf(png)), Figure.svgOf(png).toString());
      assertTrue(md.contains("figures/tune-" + c + ".png"), c + " missing from report.md");
    }
    assertTrue(md.contains("20 of 20 planned trials (17 complete, 2 pruned, 1 fail)"), md);
    // the best trial: the highest value among complete trials, as a table
    var best = results.best().orElseThrow();
    assertTrue(md.contains("| trial | " + best.number() + " |"), md);
    assertTrue(md.contains("| val_accuracy | " + ReportNumbers.percent(best.value()) + " |"), md);
    // the trial table writes the metric as the report does elsewhere, as a percentage
    assertTrue(md.contains("| " + ReportNumbers.percent(best.value()) + " | 3 |"), md);
    // importances ranked, the method named
    Matcher first = Pattern.compile("\\| 1 \\| (\\w+) \\| (0\\.\\d{3}) \\|").matcher(md);
    assertTrue(first.find(), md);
    assertEquals("lr", first.group(1));
    assertEquals(
        String.format(Locale.ROOT, "%.3f", results.importances().get("lr")), first.group(2));
    assertTrue(md.contains("Method: PED-ANOVA"), md);
    assertTrue(md.contains("the best 2 of 17 complete trials"), md);
    assertTrue(
        md.contains("Optuna advises at least 5 trials in the top 10 %; with 2 they are"), md);
    String html = Files.readString(w.html());
    assertEquals(
        charts.size(),
        Pattern.compile("<img ").matcher(html).results().count(),
        "every chart embedded in the HTML");
  }

  @Test
  void aStudyWithoutTuningJsonStillGetsItsTable() throws Exception {
    Path study = Files.createDirectories(tmp.resolve("old").resolve("trials")).getParent();
    TuneResults results = TuningReportTest.fixture();
    results.write(study);
    Files.delete(study.resolve("tuning.json"));
    String md = Files.readString(Report.write(List.of(study), tmp.resolve("r")).markdown());
    assertTrue(md.contains("20 trials; directory"), md);
    assertTrue(md.contains("old-optimisation-history.png"), md);
  }
}
