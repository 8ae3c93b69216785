package dev.reslab.cli;

import dev.reslab.analysis.report.Report;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code reslab report}: Markdown and self-contained HTML reports, model cards and datasheets. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Write report.md and a self-contained report.html on runs, imported runs, studies, tuning "
          + "studies and analysis output folders (per-class, robustness, gradcam … --out DIR): configuration, tables, "
          + "charts, observations; a model card per trained model and a datasheet per data set, from their metadata.",
      "Example: reslab report runs/r20 out/r20-per-class out/r20-robustness out/cam --out reports/r20"
    })
final class ReportCommand implements Callable<Integer> {

  @Parameters(
      paramLabel = "DIR",
      arity = "1..*",
      description =
          "run directories, study directories and folders of analysis results, in any order")
  List<Path> inputs;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      required = true,
      description = "folder for the report files")
  Path out;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Report.checkInputs(inputs); // a wrong folder is one line, before any progress bar
    Report.Written w;
    // counted steps on stderr: a study's charts take seconds each
    try (ProgressBar bar = ProgressBars.builder("report", Report.stages(inputs)).build()) {
      w = Report.write(inputs, out, ProgressBars.stages(bar));
      ProgressBars.finish(bar);
    }
    var console = spec.commandLine().getOut();
    console.printf("Report: %s%n        %s%n", w.html(), w.markdown());
    w.modelCards().forEach(f -> console.printf("Model card: %s%n", f));
    w.datasheets().forEach(f -> console.printf("Datasheet: %s%n", f));
    console.flush();
    return 0;
  }
}
