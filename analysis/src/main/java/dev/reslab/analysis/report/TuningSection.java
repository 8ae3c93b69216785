package dev.reslab.analysis.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The part of a report about a tuning study: the trial table, the optimisation history, the best
 * trial.
 */
final class TuningSection {
  private TuningSection() {}

  static ReportDocument build(Path dir, Path figures) {
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
    Path md = dir.resolve("trials.md");
    try {
      if (Files.isRegularFile(md)) {
        Files.readAllLines(md).stream()
            .filter(l -> l.startsWith("Best:"))
            .findFirst()
            .ifPresent(doc::paragraph);
      }
    } catch (java.io.IOException e) {
      // the table above says it all
    }
    Path history = dir.resolve("optimisation-history.png");
    if (Files.isRegularFile(history)) {
      // copied beside the report so report.md's links stay inside its folder
      Path copy = figures.resolve(dir.getFileName() + "-optimisation-history.png");
      try {
        Files.createDirectories(figures);
        Files.copy(history, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException(
            "cannot copy " + history + " into " + figures + ": " + e.getMessage());
      }
      doc.image(copy, "optimisation history: the metric of every trial and the best so far");
    }
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
