package dev.reslab.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import dev.reslab.analysis.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code reslab report}: Markdown and self-contained HTML reports, model cards and datasheets. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Write report.md and a self-contained report.html on runs and studies: configuration, tables, "
        + "charts, observations; a model card per model and a datasheet per data set, from the runs' metadata.",
        "Example: reslab report runs/r18 studies/ablation --out reports/r18"})
final class ReportCommand implements Callable<Integer> {

  @Parameters(paramLabel = "RUN_OR_STUDY", arity = "1..*", description = "run directories and study directories")
  List<Path> inputs;

  @Option(names = "--out", paramLabel = "DIR", required = true, description = "folder for the report files")
  Path out;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    Report.Written w = Report.write(inputs, out);
    var console = spec.commandLine().getOut();
    console.printf("Report: %s%n        %s%n", w.html(), w.markdown());
    w.modelCards().forEach(f -> console.printf("Model card: %s%n", f));
    w.datasheets().forEach(f -> console.printf("Datasheet: %s%n", f));
    console.flush();
    return 0;
  }
}
