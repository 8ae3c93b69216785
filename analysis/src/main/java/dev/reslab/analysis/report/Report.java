package dev.reslab.analysis.report;

import dev.reslab.analysis.study.StudyManifest;
import dev.reslab.analysis.study.StudyResults;
import dev.reslab.model.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Writes a report on runs and studies:
 *
 * <pre>
 * OUT/report.md, report.html          configuration, tables, charts, observations; model cards and datasheets as
 *                                     appendices (the HTML embeds every image and needs nothing beside it)
 * OUT/model-card-NAME.md              one per run (for a study: its best variant's first run)
 * OUT/datasheet-DATASET.md            one per data set used
 * OUT/figures/                        the charts, as PNG (report.md links them)
 * </pre>
 *
 * <pre>{@code
 * Report.Written w = Report.write(List.of(Path.of("runs/r18"), Path.of("studies/ablation")), Path.of("report"));
 * }</pre>
 */
public final class Report {
  private Report() {}

  /** The files written. */
  public record Written(Path markdown, Path html, List<Path> modelCards, List<Path> datasheets) {}

  /**
   * Checks that there is something to report on and that every input is a run, a study, a tuning
   * study or a folder of analysis results, before any work starts.
   */
  public static void checkInputs(List<Path> inputs) {
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException(
          "nothing to report on: give at least one run or study directory");
    }
    for (Path p : inputs) {
      if (!StudyManifest.isStudy(p)
          && !Files.isRegularFile(p.resolve("config.json"))
          && !isTuning(p)
          && !ResultsSection.isResults(p)) {
        throw new IllegalArgumentException(
            p
                + " is neither a run directory (no config.json), a study (no "
                + StudyManifest.FILE
                + ") nor a folder of analysis results (no .csv, .png or summary.json in it)");
      }
    }
  }

  /** Reports on {@code inputs} (run directories or study directories) into {@code out}. */
  public static Written write(List<Path> inputs, Path out) {
    return write(inputs, out, stage -> {});
  }

  /**
   * As {@link #write(List, Path)}, telling {@code stages} what it starts: one stage per input (a
   * study's charts take seconds), then writing the files, {@link #stages stages(inputs)} in all.
   */
  public static Written write(List<Path> inputs, Path out, Consumer<String> stages) {
    checkInputs(inputs);
    Path figures = out.resolve("figures");
    try {
      Files.createDirectories(figures);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot create " + out + ": " + e.getMessage());
    }
    ReportDocument doc = new ReportDocument();
    doc.heading(1, "reslab report");
    doc.paragraph(
        "Written "
            + Instant.now().truncatedTo(ChronoUnit.SECONDS)
            + " from "
            + String.join(", ", inputs.stream().map(p -> "`" + p + "`").toList())
            + ". Every number and sentence below is generated from "
            + "the runs' own files.");
    Map<Map<String, Object>, DatasetFacts> data = new LinkedHashMap<>();
    List<ReportDocument> cards = new ArrayList<>();
    List<String> cardNames = new ArrayList<>();
    Set<String> names = new HashSet<>();
    List<List<String>> summary = new ArrayList<>();
    ReportDocument body = new ReportDocument();
    List<Path> runs = inputs.stream().filter(Report::isRun).toList();
    AnalysisOrigins origins = new AnalysisOrigins();
    Map<Path, List<RunSection.Analysis>> analyses = analysesOfRuns(inputs, runs, origins);
    for (Path input : inputs) {
      stages.accept(input.toString());
      if (StudyManifest.isStudy(input)) {
        StudyResults results = StudyResults.read(input);
        body.append(StudySection.build(input, results, figures));
        DatasetFacts facts =
            data.computeIfAbsent(
                results.plan().data().toMap(), k -> DatasetFacts.of(results.plan().data()));
        best(results)
            .ifPresent(
                best -> {
                  var run =
                      results.runs().stream()
                          .filter(r -> r.variant().equals(best.name()))
                          .findFirst()
                          .orElseThrow();
                  if (!Files.isRegularFile(run.dir().resolve("config.json"))) {
                    return; // trained on another machine: its run directory (and model card) is
                    // there
                  }
                  String name =
                      unique(names, input.getFileName() + "-" + best.name() + "-seed" + run.seed());
                  RunFacts rf = RunFacts.read(run.dir(), name);
                  cards.add(ModelCard.of(rf, facts, Optional.of(best)));
                  cardNames.add(name);
                  summary.add(
                      List.of(
                          "`" + input + "`",
                          results.plan().kind() + " (best: " + best.name() + ")",
                          results.plan().metric(),
                          results.value(best.metric().mean())
                              + (best.metric().n() > 1
                                  ? " ± " + results.value(best.metric().sd())
                                  : "")));
                });
      } else if (isTuning(input)) {
        body.append(TuningSection.build(input, figures));
        TuningSection.bestRun(input)
            .ifPresent(
                dir -> {
                  String name = unique(names, input.getFileName() + "-best-" + dir.getFileName());
                  RunFacts rf = RunFacts.read(dir, name);
                  DatasetFacts facts =
                      data.computeIfAbsent(rf.data().toMap(), k -> DatasetFacts.of(rf.data()));
                  cards.add(ModelCard.of(rf, facts, Optional.empty()));
                  cardNames.add(name);
                });
      } else if (!Files.isRegularFile(input.resolve("config.json"))) {
        String name = unique(names, input.toAbsolutePath().normalize().getFileName().toString());
        body.append(ResultsSection.build(input, name, figures, runs, origins));
      } else {
        String name = unique(names, input.toAbsolutePath().normalize().getFileName().toString());
        RunFacts run = RunFacts.read(input, name);
        if (run.data() == null || run.imported()) {
          // weights made elsewhere: no training here to describe or to card, even when the run
          // names the data set it is meant for
          body.append(RunSection.build(run, null, figures, analyses.get(input)));
          continue;
        }
        DatasetFacts facts =
            data.computeIfAbsent(run.data().toMap(), k -> DatasetFacts.of(run.data()));
        body.append(RunSection.build(run, facts, figures, analyses.get(input)));
        cards.add(ModelCard.of(run, facts, Optional.empty()));
        cardNames.add(name);
        run.selected()
            .ifPresent(
                e ->
                    summary.add(
                        List.of(
                            "`" + input + "`",
                            "run",
                            run.headline(),
                            ReportNumbers.value(run.headline(), e.get(run.headline()))
                                + " (epoch "
                                + e.epoch()
                                + ")")));
      }
    }
    if (inputs.size() > 1 && !summary.isEmpty()) {
      doc.heading(2, "Summary");
      doc.table(
          List.of("input", "kind", "metric", "result"),
          summary,
          List.of(false, false, false, true));
    }
    doc.append(body);

    stages.accept("writing " + out);
    List<Path> cardFiles = new ArrayList<>();
    List<Path> sheetFiles = new ArrayList<>();
    ReportDocument appendix = new ReportDocument();
    for (int i = 0; i < cards.size(); i++) {
      Path f = out.resolve("model-card-" + cardNames.get(i) + ".md");
      AtomicFiles.writeString(f, MarkdownRenderer.render(cards.get(i), out));
      cardFiles.add(f);
      appendix.append(cards.get(i).demoted());
    }
    for (DatasetFacts facts : data.values()) {
      ReportDocument sheet = Datasheet.of(facts);
      Path f = out.resolve("datasheet-" + facts.dataset() + ".md");
      if (!sheetFiles.contains(f)) {
        AtomicFiles.writeString(f, MarkdownRenderer.render(sheet, out));
        sheetFiles.add(f);
        appendix.append(sheet.demoted());
      }
    }
    doc.heading(2, "Model cards and datasheets");
    List<String> links = new ArrayList<>();
    cardFiles.forEach(f -> links.add("model card: `" + f.getFileName() + "`"));
    sheetFiles.forEach(f -> links.add("datasheet: `" + f.getFileName() + "`"));
    doc.bullets(links);
    doc.paragraph("Both follow below as appendices.");
    doc.append(appendix);

    Path md = out.resolve("report.md");
    Path html = out.resolve("report.html");
    AtomicFiles.writeString(md, MarkdownRenderer.render(doc, out));
    AtomicFiles.writeString(html, HtmlRenderer.render(doc));
    return new Written(md, html, cardFiles, sheetFiles);
  }

  /** How many stages {@link #write(List, Path, Consumer)} reports for {@code inputs}. */
  public static int stages(List<Path> inputs) {
    return inputs.size() + 1;
  }

  /** A run directory: {@code config.json}, and neither a study nor a tuning study. */
  private static boolean isRun(Path dir) {
    return Files.isRegularFile(dir.resolve("config.json"))
        && !StudyManifest.isStudy(dir)
        && !isTuning(dir);
  }

  /**
   * For each run of the report, the analyses made from it: results folders of the report computed
   * from its weights, and folders inside the run directory with an {@value AnalysisProvenance#FILE}
   * (those made from other weights carry the warning).
   */
  private static Map<Path, List<RunSection.Analysis>> analysesOfRuns(
      List<Path> inputs, List<Path> runs, AnalysisOrigins origins) {
    Map<Path, List<RunSection.Analysis>> byRun = new LinkedHashMap<>();
    runs.forEach(r -> byRun.put(r, new ArrayList<>()));
    for (Path input : inputs) {
      Path folder = input.toAbsolutePath().normalize();
      if (runs.contains(input)
          || !ResultsSection.isResults(input)
          || runs.stream().anyMatch(r -> folder.startsWith(r.toAbsolutePath().normalize()))) {
        continue; // a folder inside a run is listed with the run's own folders below
      }
      for (AnalysisProvenance record : readQuietly(input)) {
        origins
            .check(record, runs)
            .filter(v -> v.run() != null)
            .ifPresent(
                v ->
                    byRun
                        .get(v.run())
                        .add(new RunSection.Analysis(input.toString(), record, v.epoch(), null)));
      }
    }
    for (Path run : runs) {
      for (Path folder : RunFacts.analysisFolders(run)) {
        readQuietly(folder)
            .forEach(
                record -> {
                  var v = origins.check(record, List.of(run));
                  byRun
                      .get(run)
                      .add(
                          new RunSection.Analysis(
                              run.relativize(folder).toString(),
                              record,
                              v.map(AnalysisOrigins.Verdict::epoch).orElse(null),
                              v.filter(AnalysisOrigins.Verdict::warning)
                                  .map(AnalysisOrigins.Verdict::sentence)
                                  .orElse(null)));
                });
      }
    }
    return byRun;
  }

  /**
   * The folder's records, newest first; an unreadable file is reported in the folder's own section,
   * not here.
   */
  private static List<AnalysisProvenance> readQuietly(Path dir) {
    try {
      return AnalysisProvenance.read(dir).map(AnalysisProvenance::all).orElse(List.of());
    } catch (IllegalArgumentException e) {
      return List.of();
    }
  }

  /** A tuning study's directory: {@code reslab tune} wrote its trial table there. */
  static boolean isTuning(Path dir) {
    return Files.isRegularFile(dir.resolve("trials.csv"))
        && Files.isDirectory(dir.resolve("trials"));
  }

  /** The study's best variant by mean metric. */
  private static Optional<StudyResults.VariantResult> best(StudyResults results) {
    Comparator<StudyResults.VariantResult> c = Comparator.comparingDouble(v -> v.metric().mean());
    return results.variants().stream().max(results.higherIsBetter() ? c : c.reversed());
  }

  private static String unique(Set<String> names, String name) {
    String n = name.replaceAll("[^A-Za-z0-9_.+-]", "_");
    String candidate = n;
    for (int i = 2; !names.add(candidate); i++) {
      candidate = n + "-" + i;
    }
    return candidate;
  }
}
